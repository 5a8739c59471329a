from django.contrib import admin

from preventplan.performance.models import Ni35Framework, Ni35Level, Ni35Strand


class LevelInline(admin.TabularInline[Ni35Level, Ni35Strand]):
    model = Ni35Level
    extra = 0


@admin.register(Ni35Strand)
class StrandAdmin(admin.ModelAdmin[Ni35Strand]):
    list_display = ["framework", "number", "title"]
    inlines = [LevelInline]


class StrandInline(admin.TabularInline[Ni35Strand, Ni35Framework]):
    model = Ni35Strand
    extra = 0
    show_change_link = True


@admin.register(Ni35Framework)
class FrameworkAdmin(admin.ModelAdmin[Ni35Framework]):
    list_display = ["name", "rule", "provisional", "is_current"]
    inlines = [StrandInline]
