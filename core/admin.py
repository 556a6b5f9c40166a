"""Background tasks in the admin (core.tasks): every task with its status and
attempts, the failed ones a filter away, and a "Retry now" action. Replaces
django_tasks_db's own read-only page; supervisors may view and retry (accounts.roles)."""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core import tasks

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class BackgroundTaskAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "status", "attempts", "enqueued_at", "finished_at", "last_error"]
    list_filter = ["status", "task_path", "queue_name"]
    actions = ["retry"]

    @admin.display(description=_("attempts"))
    def attempts(self, result: DBTaskResult) -> int:
        return len(result.worker_ids)

    @admin.display(description=_("last error"))
    def last_error(self, result: DBTaskResult) -> str:
        return result.exception_class_path.rsplit(".", 1)[-1] or "-"

    def has_retry_permission(self, request) -> bool:
        # The app's label is django_tasks_database (not its module's name, django_tasks_db).
        change = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{change}")

    @admin.action(description=_("Retry the selected failed tasks now"), permissions=["retry"])
    def retry(self, request, queryset):
        retried = tasks.retry_now(queryset)
        skipped = queryset.count() - retried
        text = ngettext(
            "%(count)s failed task will run again within seconds.",
            "%(count)s failed tasks will run again within seconds.",
            retried,
        ) % {"count": retried}
        if skipped:
            text += " " + ngettext(
                "%(count)s not failed, left as it was.",
                "%(count)s not failed, left as they were.",
                skipped,
            ) % {"count": skipped}
        self.message_user(request, text, messages.SUCCESS if retried else messages.WARNING)
