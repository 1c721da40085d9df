"""Platform operators (superusers, MFA required) manage accounts across municipalities here; municipal admins
use the scoped pages under /beheer instead."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["municipality"]
    exclude = ["created_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Veilig Lokaal", {"fields": ["department"]}),)
