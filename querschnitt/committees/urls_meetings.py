"""URLs of meetings: planning, invitation, agenda, attendance, votes, minutes, calendars."""

urlpatterns: list = []
