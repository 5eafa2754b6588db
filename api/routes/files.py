"""Imports as uploads and exports as downloads; the same services as the CLI."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from graph.errors import ImportRejected, InvalidData

from api.deps import StoreDep
from api.errors import ImportRefusal
from api.exporting import EXPORT_FORMATS, export_bytes
from api.importing import import_file
from importers.report import ImportReport

router = APIRouter(tags=["Import und Export"])

ExportFormat = Literal["json", "xlsx", "csv", "graphml", "gexf", "hsds"]
ImportFormat = Literal["json", "template", "csv", "table", "hsds", "gephi", "kumu", "districts", "statistics"]


def _save(upload: UploadFile, folder: Path, limit: int) -> Path:
    name = Path(upload.filename or "upload").name or "upload"
    target = folder / name
    with open(target, "wb") as out:
        copied = 0
        while chunk := upload.file.read(1024 * 1024):
            copied += len(chunk)
            if copied > limit:
                raise InvalidData(f"Die Datei „{name}“ ist größer als erlaubt ({limit / (1024 * 1024):.3g} MB).")
            out.write(chunk)
    return target


def _save_extra(upload: UploadFile | None, folder: Path, limit: int) -> Path | None:
    if upload is None:
        return None
    folder.mkdir()
    return _save(upload, folder, limit)


@router.post(
    "/api/imports",
    response_model=ImportReport,
    responses={
        422: {
            "model": ImportRefusal,
            "description": "Fehler in der Datei (Bericht im Feld report) oder ungültige Parameter; nichts wurde gespeichert",
        },
        409: {
            "model": ImportRefusal,
            "description": "Eine gleichzeitige Änderung hat Datensätze entfernt, auf die die Datei verweist; "
            "nichts wurde gespeichert (Bericht im Feld report)",
        },
    },
)
def upload_import(
    request: Request,
    store: StoreDep,
    file: Annotated[UploadFile, File(description="die Datei (für HSDS: ein ZIP des Datenpakets)")],
    format: Annotated[ImportFormat | None, Form(description="Format; sonst am Dateinamen erkannt")] = None,
    mapping: Annotated[UploadFile | None, File(description="Zuordnungsdatei (TOML) für format=table/kumu")] = None,
    place_in: Annotated[
        UploadFile | None, File(description="GeoJSON der Sozialräume: Einträge mit Koordinaten zuordnen")
    ] = None,
    dry_run: Annotated[bool, Query(description="nur prüfen, nichts speichern")] = False,
    create_missing: Annotated[
        list[Literal["districts"]], Query(description="was neu angelegt werden darf (Statistik: districts)")
    ] = [],  # noqa: B006
) -> ImportReport | JSONResponse:
    """Import one file, all or nothing; returns the German report (a dry run writes nothing)."""
    settings = request.app.state.settings  # PRAEVNET_IMPORT_MAX_MB and _MAX_ERRORS, as for the CLI
    limit, max_errors = settings.import_max_bytes, settings.import_max_errors
    with tempfile.TemporaryDirectory(prefix="praevnet-upload-") as tmp:
        folder = Path(tmp)
        path = _save(file, folder, limit)
        if format == "hsds" and zipfile.is_zipfile(path):
            unpacked = folder / "hsds"
            _unzip_safely(path, unpacked)
            path = unpacked
        mapping_path = _save_extra(mapping, folder / "mapping", limit)
        geojson_path = _save_extra(place_in, folder / "districts", limit)
        try:
            return import_file(
                store, path, fmt=format, mapping=mapping_path, dry_run=dry_run,
                max_bytes=limit, place_in=geojson_path, max_errors=max_errors, create_missing=create_missing,
            )
        except ImportRejected as e:
            # 422: the file has errors; 409: a concurrent change removed what it refers to
            status = getattr(e, "status", 422)
            body = {
                "type": "about:blank",
                "title": "Import abgelehnt" if status == 422 else "Import durch gleichzeitige Änderung verhindert",
                "status": status,
                "detail": str(e),
                "report": e.report.model_dump(mode="json"),
            }
            return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _unzip_safely(archive: Path, target: Path, max_total: int = 500 * 1024 * 1024) -> None:
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if sum(m.file_size for m in members) > max_total:
            raise InvalidData("Das ZIP-Archiv wäre entpackt zu groß; nichts wurde gespeichert.")
        target.mkdir(parents=True)
        for member in members:
            name = Path(member.filename)
            if name.is_absolute() or ".." in name.parts:
                raise InvalidData(f"Unzulässiger Pfad im ZIP-Archiv: {member.filename}")
            if member.is_dir():
                continue
            out = target / Path(*name.parts[-1:])  # HSDS packages are flat
            with zf.open(member) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)


@router.get(
    "/api/exports/{fmt}",
    response_class=Response,
    responses={
        200: {
            "description": "die Datei zum Herunterladen; das Format bestimmt den Inhaltstyp",
            "content": {
                media_type: {"schema": {"type": "object"} if media_type == "application/json"
                             else {"type": "string", "format": "binary"}}
                for _, media_type, _ in EXPORT_FORMATS.values()
            },
        }
    },
)
def download_export(
    fmt: ExportFormat,
    store: StoreDep,
    district: Annotated[str | None, Query(description="nur dieser Sozialraum")] = None,
    phase: Annotated[str | None, Query(description="nur diese Lebensphase")] = None,
    topic: Annotated[str | None, Query(description="nur dieses Thema")] = None,
) -> Response:
    """The graph (or the part a filter selects) as json, xlsx, csv (ZIP), graphml, gexf or hsds (ZIP)."""
    batch = store.export_batch(district=district, phase=phase, topic=topic)
    _, media_type, filename = EXPORT_FORMATS[fmt]
    return Response(
        export_bytes(batch, fmt),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
