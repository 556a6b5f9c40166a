"""The reports in the admin: the dashboard and its CSV export. Staff only (the admin's
login for anyone else); supervisors (`reports.view_report`) see the whole desk, an
agent their own figures."""

import csv

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from reports import dashboard
from reports.forms import ReportForm
from reports.models import Report
from reports.sql import one_transaction

PERMISSION = "reports.view_report"


def sees_the_desk(user) -> bool:
    return user.has_perm(PERMISSION)


def _agent_id(user) -> int | None:
    """None for a supervisor (the whole desk); else the agent's own id."""
    return None if sees_the_desk(user) else user.pk


def dashboard_view(request):
    form = ReportForm.from_query(request.GET)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Reports"),
        "opts": Report._meta,
        "form": form,
        "sees_the_desk": sees_the_desk(request.user),
        "time_zone": settings.TIME_ZONE,
    }
    if not form.is_valid():
        return TemplateResponse(request, "admin/reports/dashboard.html", context, status=400)
    scope = form.scope(agent_id=_agent_id(request.user))
    with one_transaction():
        figures = dashboard.desk(scope) if context["sees_the_desk"] else dashboard.agent(scope)
    context.update(
        figures,
        scope=scope,
        range_text=dashboard.range_text(scope.first, scope.last),
        export_query=form.data.urlencode(),
    )
    return TemplateResponse(request, "admin/reports/dashboard.html", context)


def export_view(request):
    """One CSV row a day (reports.dashboard.export_rows); 400 for a bad range."""
    form = ReportForm.from_query(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            gettext("%(problems)s Ask for ?from=YYYY-MM-DD&to=YYYY-MM-DD.")
            % {"problems": form.problems()}
            + "\n",
            content_type="text/plain; charset=utf-8",
        )
    scope = form.scope(agent_id=_agent_id(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"supportsite-report-{scope.first:%Y-%m-%d}-{scope.last:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(dashboard.EXPORT_COLUMNS)
    with one_transaction():
        writer.writerows(dashboard.export_rows(scope))
    return response
