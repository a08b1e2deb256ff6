from django.contrib import admin

from cvv.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are deposited and versioned through the vault (audited)."""

    list_display = ["title", "commune", "kind", "version", "is_current", "uploaded_at"]
    list_filter = ["kind", "is_current"]
    search_fields = ["title", "commune__nom", "commune__code", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
