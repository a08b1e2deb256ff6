from django.contrib import admin

from cvv.programme.models import (
    Accompaniment,
    CallForApplications,
    CallQuestion,
    Candidature,
    Criterion,
    Edition,
    ExpertiseRequest,
    Resource,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "year", "state", "budget"]
    readonly_fields = ["state"]  # changed through the workflow (audited), not here
    inlines = [CriterionInline]


class CallQuestionInline(admin.TabularInline):
    model = CallQuestion
    extra = 0


@admin.register(CallForApplications)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "opens_on", "closes_on"]
    inlines = [CallQuestionInline]


@admin.register(Candidature)
class CandidatureAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "state", "submitted_at", "need_bonus"]
    list_filter = ["edition", "state"]
    search_fields = ["commune__nom", "commune__code"]
    readonly_fields = [f.name for f in Candidature._meta.fields]


@admin.register(Accompaniment)
class AccompanimentAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "state", "phase", "referent", "last_activity_at"]
    list_filter = ["edition", "state", "phase"]
    readonly_fields = ["state", "phase"]


@admin.register(ExpertiseRequest)
class ExpertiseRequestAdmin(admin.ModelAdmin):
    list_display = ["subject", "accompaniment", "partner", "state", "due_on"]
    list_filter = ["state", "domain"]
    readonly_fields = ["state"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "state", "last_reviewed_on", "expires_on"]
    list_filter = ["category", "state"]
    search_fields = ["title", "tags"]
    readonly_fields = ["state"]
