from .urls_meetings import urlpatterns as meeting_urlpatterns
from .urls_papers import urlpatterns as paper_urlpatterns

app_name = "committees"
urlpatterns = [*meeting_urlpatterns, *paper_urlpatterns]
