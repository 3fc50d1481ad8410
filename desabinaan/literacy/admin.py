"""Admin for the quizzes and the agency register (reference content). Red flags are edited on
the pusat page /literasi/cek-lowongan/tanda-bahaya/ (audited), so the admin only shows them."""

from django.contrib import admin

from .models import LicensedAgency, Quiz, QuizChoice, QuizQuestion, RedFlag


class ChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ("quiz", "order", "text")
    list_filter = ("quiz",)
    inlines = [ChoiceInline]


class QuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    fields = ("order", "text", "explanation")
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "published", "order")
    inlines = [QuestionInline]


@admin.register(LicensedAgency)
class LicensedAgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "licence_number", "status", "valid_until", "list_date")
    list_filter = ("status",)
    search_fields = ("name", "licence_number")

    def has_add_permission(self, request):
        return False  # the register comes from the official list (import_agencies)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RedFlag)
class RedFlagAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "weight", "active")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
