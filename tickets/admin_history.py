"""The History page of a setting in the admin, and a page for each of its changes: who,
when, and every field's value before and after, long text line by line
(tickets.setting_history)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from tickets import setting_history


class SettingHistoryAdmin(SimpleHistoryAdmin):
    """A ModelAdmin whose History lists each change with its before and after, linked
    to the change's own page."""

    object_history_template = "admin/setting_history/object_history.html"
    object_history_list_template = "admin/setting_history/object_history_list.html"
    history_list_per_page = 50
    # Rows edited on this setting's page whose history shows in its own (a calendar's
    # opening hours): setting_history.Part.
    history_parts: list[setting_history.Part] = []

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        diff = self.admin_site.admin_view(self.history_diff_view)
        return [
            path("<int:object_id>/history/<int:history_id>/diff/", diff,
                 name="{}_{}_history_diff".format(*info)),
            *super().get_urls(),
        ]  # fmt: skip

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Each row's changes (`changes` in the template), against the row below it;
        the page's last row against the one before it, on the next page."""
        records = list(historical_records)
        if not records:
            return
        # Each version lasted until the one above it began; the page's first, until the
        # one on the page before (if any).
        newest = records[0].next_record
        ends = [newest.history_date if newest else None, *(r.history_date for r in records[:-1])]
        parts = self._parts_history(records[0].id)
        older = [*records[1:], records[-1].prev_record]
        for newer, before, end in zip(records, older, ends, strict=True):
            newer.changes = self._changes(newer, before, end, parts)

    def _parts_history(self, object_id):
        return [(part, part.history(object_id)) for part in self.history_parts]

    def _changes(self, record, previous, end, parts):
        if record.history_type == "-":
            # Only the setting's own fields: its parts went with it.
            return setting_history.changes(self.model, record, None)
        found = setting_history.changes(self.model, previous, record)
        for part, history in parts:
            start = record.history_date
            found += setting_history.part_changes(part, history, start=start, end=end)
        return found

    def history_diff_view(self, request, object_id, history_id):
        # Asked first, so that whether a change exists tells nothing to those refused.
        if not self.has_view_history_or_change_history_permission(request):
            raise PermissionDenied
        history = self.model.history.select_related("history_user")
        record = history.filter(id=object_id, history_id=history_id).first()
        if record is None:
            raise Http404(gettext("No such change."))
        current = self.get_queryset(request).filter(pk=record.id).first()
        previous, newer = record.prev_record, record.next_record
        end = newer.history_date if newer else None
        parts = self._parts_history(record.id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{record.get_history_type_display()}: {record.history_object}",
            "record": record,
            "previous": previous,
            "current": current,
            "changes": self._changes(record, previous, end, parts),
        }
        return TemplateResponse(request, "admin/setting_history/diff.html", context)
