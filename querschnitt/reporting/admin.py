from django.contrib import admin

from . import models as m

admin.site.register(
    [m.Report, m.ReportText, m.ReportVersion, m.GeoLayer, m.AreaAlias, m.StatisticsImport, m.PublicPage]
)
