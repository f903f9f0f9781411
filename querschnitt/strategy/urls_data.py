"""URLs of the concept's data import and export (observations from CSV/XLSX; concept as XLSX and JSON)."""

urlpatterns: list = []
