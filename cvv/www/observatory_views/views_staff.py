"""Staff pages: import history, new imports as background jobs (with progress), computing."""

import uuid
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from cvv.observatory import housekeeping, services, tasks
from cvv.observatory.models import Computation, DataImport
from cvv.organisations.access import staff_required
from cvv.www.observatory_views.forms import ComputeForm, ImportForm


def _save_upload(upload, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(upload.name).name
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


@staff_required
def imports(request):
    housekeeping.sweep_before_showing_imports()
    return render(
        request,
        "observatory/imports.html",
        {
            "imports": DataImport.objects.select_related("created_by")[:200],
            "computations": Computation.objects.all()[:50],
            "compute_form": ComputeForm(),
        },
    )


@staff_required
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        folder = services.uploads_dir() / uuid.uuid4().hex
        data = form.cleaned_data
        path = _save_upload(data["file"], folder)
        extra = {}
        for key in ("history", "geo"):
            if data.get(key):
                extra[f"{key}_path"] = str(_save_upload(data[key], folder / key))
        with transaction.atomic():
            data_import = services.import_create(
                kind=data["kind"],
                file_name=path.name,
                upload_path=path,
                vintage=data.get("vintage"),
                actor=request.user,
                extra_files=extra,
                confirm_shrink=data.get("confirm_shrink", False),
            )
            tasks.queue_import(data_import)
        messages.success(
            request,
            f"Import « {data_import.get_kind_display()} » ({path.name}) lancé : "
            "suivez son avancement ci-dessous.",
        )
        return redirect("observatory:import_detail", pk=data_import.pk)
    return render(
        request, "observatory/import_new.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_required
def import_detail(request, pk):
    housekeeping.sweep_before_showing_imports()
    data_import = get_object_or_404(DataImport.objects.select_related("created_by"), pk=pk)
    template = (
        "observatory/includes/import_status.html"
        if request.htmx
        else "observatory/import_detail.html"
    )
    return render(request, template, {"item": data_import})


@staff_required
def compute(request):
    form = ComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            tasks.queue_compute(form.cleaned_data.get("reference_date"), request.user)
        messages.success(
            request,
            f"Calcul des indicateurs {_at(form.cleaned_data.get('reference_date'))} lancé ; "
            "il apparaîtra dans la liste une fois terminé.",
        )
        return redirect("observatory:imports")
    return render(
        request, "observatory/compute.html", {"form": form}, status=400 if form.errors else 200
    )


def _at(reference_date):
    return f"au {reference_date:%d/%m/%Y}" if reference_date else "à la dernière date disponible"
