"""Importing a plan from a workbook: upload, preview of every change, then apply all or nothing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from preventplan.lib.http import AuthedRequest
from preventplan.plans import importer
from preventplan.plans.access import get_plan_for_user
from preventplan.plans.forms import ImportForm
from preventplan.plans.models import PlanImport


@require_http_methods(["GET", "POST"])
def plan_import(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staged = PlanImport.objects.create(
            plan=plan,
            filename=(upload.name or "upload")[:255],
            content=upload.read(),
            uploaded_by=request.user,
            plan_version=plan.version,
        )
        return redirect("plans:plan-import-preview", pk=plan.pk, import_id=staged.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Import the plan from a workbook"),
            "caption": plan.title,
            "body": _("You will see what the file would change before anything is saved."),
            "form": form,
            "button": _("Check the file"),
            "cancel_url": reverse("plans:plan-detail", args=[plan.pk]),
            "multipart": True,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_import_preview(request: AuthedRequest, pk: int, import_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    staged = PlanImport.objects.filter(
        pk=import_id, plan=plan, uploaded_by=request.user, applied_at__isnull=True
    ).first()
    if staged is None:
        raise Http404
    try:
        preview = importer.build_preview(plan, staged.filename, bytes(staged.content))
    except importer.ImportFileError as error:
        return render(
            request,
            "plans/import_preview.html",
            {"plan": plan, "file_error": str(error), "staged": staged},
            status=422,
        )
    if preview.holds_personal_data:
        staged.delete()  # a file that holds personal data is not kept, even waiting
    if request.method == "POST" and preview.ok:
        try:
            n = importer.apply_preview(request.user, plan, preview, staged.plan_version)
        except importer.StaleImport as error:
            messages.error(request, str(error))
            return redirect("plans:plan-import", pk=plan.pk)
        PlanImport.objects.filter(pk=staged.pk).update(applied_at=timezone.now(), content=b"")
        messages.success(
            request,
            ngettext(
                "The file has been imported: %(count)s action changed.",
                "The file has been imported: %(count)s actions changed.",
                n,
            )
            % {"count": n},
        )
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/import_preview.html",
        {"plan": plan, "preview": preview, "staged": staged},
        status=200 if preview.ok else 422,
    )
