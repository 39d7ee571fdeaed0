from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html

from centres.models import Centre, OpeningException, OpeningHours, Specialist
from editorial.admin_workflow import PageInline, PublishableAdmin

DEMO_FIELDSET = (
    "Demo data: check before launch",
    {
        "fields": ["demo_note"],
        "description": (
            "Values listed in this note were invented for the demo. Correct them, then clear "
            "the note; the list column “demo data” then shows a cross."
        ),
    },
)


class DemoNoteAdmin(PublishableAdmin):
    """Puts the demo-data note at the top of the form while it has something to say."""

    @admin.display(boolean=True, description="demo data")
    def has_demo_data(self, obj):
        return bool(obj.demo_note)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.demo_note:
            return [DEMO_FIELDSET, *fieldsets]
        return [*fieldsets, DEMO_FIELDSET]


class OpeningHoursInline(PageInline, admin.TabularInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes", "is_closed"]
    # One row per weekday: a new centre gets all seven to fill in.
    extra = 7
    max_num = 7


class OpeningExceptionInline(PageInline, admin.TabularInline):
    model = OpeningException
    fields = ["date", "reason", "is_closed", "opens", "closes"]
    extra = 1


class SpecialistCoverFilter(admin.SimpleListFilter):
    title = "specialist cover"
    parameter_name = "cover"

    def lookups(self, request, model_admin):
        return [
            ("gaps", "A therapy has no specialist"),
            ("covered", "Every therapy has a specialist"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "gaps":
            return queryset.without_specialist_cover()
        if self.value() == "covered":
            return queryset.exclude(pk__in=Centre.objects.without_specialist_cover())
        return queryset


@admin.register(Centre)
class CentreAdmin(DemoNoteAdmin):
    list_display = [
        "name",
        "town",
        "postcode",
        "phone",
        "therapies_offered",
        "specialist_cover",
        "status_column",
        "draft_column",
        "has_demo_data",
    ]
    list_filter = ["status", SpecialistCoverFilter, "therapies"]
    search_fields = ["name", "town", "postcode", "address_line_1", "address_line_2"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["therapies"]
    readonly_fields = ["specialist_cover", "updated_at"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "updated_at"]}),
        (
            "Address and contact",
            {
                "fields": [
                    "address_line_1",
                    "address_line_2",
                    "town",
                    "postcode",
                    "phone",
                    "enquiry_email",
                ]
            },
        ),
        ("Location on the map", {"fields": ["latitude", "longitude"]}),
        ("Therapies", {"fields": ["therapies", "specialist_cover"]}),
        ("Getting there", {"fields": ["parking", "public_transport", "step_free_access"]}),
        ("Photo", {"fields": ["photo", "photo_alt_text", "photo_is_decorative"]}),
        ("Care Quality Commission", {"fields": ["cqc_rating", "cqc_url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "therapies",
                Prefetch("specialists", queryset=Specialist.objects.prefetch_related("therapies")),
            )
        )

    @admin.display(description="therapies")
    def therapies_offered(self, centre):
        return ", ".join(therapy.title for therapy in centre.therapies.all()) or "None"

    @admin.display(description="specialist cover")
    def specialist_cover(self, centre):
        if centre.pk is None:
            return "Shown once the centre is saved."
        if gaps := centre.therapies_without_specialist():
            return format_html(
                "<strong>⚠ No active specialist here for: {}</strong>",
                ", ".join(therapy.title for therapy in gaps),
            )
        return "Every therapy has a specialist"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        centre = form.instance
        if gaps := centre.therapies_without_specialist():
            messages.warning(
                request,
                f"{centre} offers {', '.join(therapy.title for therapy in gaps)}, but no active "
                "specialist at this centre provides it. Add the centre to a specialist's "
                "profile, or stop offering the therapy here.",
            )


@admin.register(Specialist)
class SpecialistAdmin(DemoNoteAdmin):
    list_display = [
        "full_name",
        "role",
        "gmc_link",
        "practises_at",
        "status_column",
        "draft_column",
        "has_demo_data",
    ]
    list_filter = ["status", "centres", "therapies"]
    search_fields = ["name", "role", "gmc_number", "specialties"]
    prepopulated_fields = {"slug": ["title", "name"]}
    filter_horizontal = ["centres", "therapies"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "name", "slug", "updated_at"]}),
        ("Role", {"fields": ["role", "gmc_number", "specialties", "languages"]}),
        (
            "Profile",
            {"fields": ["summary", "biography", "photo", "photo_alt_text", "photo_is_decorative"]},
        ),
        ("Where and what", {"fields": ["centres", "therapies"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("centres")

    @admin.display(description="name", ordering="name")
    def full_name(self, specialist):
        return specialist.full_name

    @admin.display(description="GMC number", ordering="gmc_number")
    def gmc_link(self, specialist):
        if not specialist.gmc_number:
            return "None"
        return format_html(
            '<a href="{}">{}</a>', specialist.gmc_register_url, specialist.gmc_number
        )

    @admin.display(description="practises at")
    def practises_at(self, specialist):
        return ", ".join(centre.name for centre in specialist.centres.all()) or "None"
