"""URLs of committees, persons, memberships, papers with their Beratungsfolge, files and statutes."""

urlpatterns: list = []
