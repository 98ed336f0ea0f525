"""The bundled demo site: its manifest of vendor pages, and the HTML each page shows at each step.

The demo replays a year of fictional vendors' policy edits. Each page lists one HTML file per
version step (`site/site.yaml`); the files ship as package data, so the demo runs from an
installed wheel with no network and no checkout. The manifest is trusted (it ships with the
code), yet it is still validated in full when loaded, because a typo in it would otherwise
surface as a confusing demo rather than as a one-line error naming the page and step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from watcher.errors import ConfigError
from watcher.records import DocumentKind, Source

__all__ = ["MANIFEST", "DemoPage", "DemoSite", "DemoStep", "load_site"]

MANIFEST = "site.yaml"
"""The manifest's name inside the site folder."""

DEMO_INTERVAL_S = 6 * 3600.0


@dataclass(frozen=True, slots=True)
class DemoStep:
    """Which file a page serves at one step, and what that step is meant to show."""

    number: int
    file: str
    """Relative to the site folder, `/`-separated."""
    note: str


@dataclass(frozen=True, slots=True)
class DemoPage:
    """One vendor page of the demo site, with its file for every step."""

    source_id: str
    vendor: str
    title: str
    kind: DocumentKind
    path: str
    ignore: tuple[str, ...]
    steps: tuple[DemoStep, ...]
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()

    @property
    def vendor_slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.vendor.lower()).strip("-")

    def step(self, number: int) -> DemoStep:
        """The page's step `number` (1-based); ValueError outside 1..len(steps)."""
        if not 1 <= number <= len(self.steps):
            raise ValueError(f"{self.source_id}: no step {number} (steps 1..{len(self.steps)})")
        return self.steps[number - 1]

    def source(self, base_url: str) -> Source:
        """The page as a watched source on a demo server rooted at `base_url`."""
        return Source(
            id=self.source_id,
            vendor=self.vendor,
            title=self.title,
            url=base_url.rstrip("/") + self.path,
            kind=self.kind,
            interval_s=DEMO_INTERVAL_S,
            select=self.select,
            remove=self.remove,
            ignore=self.ignore,
            tags=(self.vendor_slug, "demo"),
        )


@dataclass(frozen=True, slots=True)
class DemoSite:
    """Every demo page; all of them have `step_count` steps."""

    pages: tuple[DemoPage, ...]
    step_count: int
    root: Traversable
    """The folder the pages' files are relative to."""

    def sources(self, base_url: str) -> tuple[Source, ...]:
        return tuple(page.source(base_url) for page in self.pages)

    def page(self, source_id: str) -> DemoPage:
        for page in self.pages:
            if page.source_id == source_id:
                return page
        raise KeyError(f"no demo page {source_id!r}")

    def body(self, page: DemoPage, step: int) -> bytes:
        """The exact bytes `page` serves at `step`."""
        return _resolve(self.root, page.step(step).file).read_bytes()


def load_site(root: Traversable | None = None) -> DemoSite:
    """Read and check the manifest in `root` (default: the bundled site); ConfigError if bad."""
    if root is None:
        root = files("watcher.demo") / "site"
    manifest = root / MANIFEST
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        model = _SiteModel.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{manifest}: cannot read the demo site manifest: {exc}") from exc
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{manifest}: {where}: {error['msg']}") from exc
    pages = tuple(_page(model_page, root, manifest) for model_page in model.pages)
    _check_site(pages, manifest)
    return DemoSite(pages=pages, step_count=len(pages[0].steps), root=root)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class _StepModel(_Model):
    file: NonEmpty
    note: NonEmpty


class _PageModel(_Model):
    source: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    vendor: NonEmpty
    title: NonEmpty
    kind: DocumentKind
    path: Annotated[str, Field(pattern=r"^/[A-Za-z0-9/_.-]*$")]
    select: tuple[NonEmpty, ...] = ()
    remove: tuple[NonEmpty, ...] = ()
    ignore: tuple[NonEmpty, ...] = ()
    steps: Annotated[tuple[_StepModel, ...], Field(min_length=1)]


class _SiteModel(_Model):
    pages: Annotated[tuple[_PageModel, ...], Field(min_length=1)]


def _page(model: _PageModel, root: Traversable, manifest: Traversable) -> DemoPage:
    where = f"{manifest}: page {model.source!r}"
    for pattern in model.ignore:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: bad ignore pattern {pattern!r}: {exc}") from exc
    steps = tuple(
        DemoStep(number=number, file=step.file, note=step.note)
        for number, step in enumerate(model.steps, start=1)
    )
    for step in steps:
        try:
            found = _resolve(root, step.file).is_file()
        except ValueError as exc:
            raise ConfigError(f"{where}: step {step.number}: {exc}") from exc
        if not found:
            raise ConfigError(f"{where}: step {step.number}: no file {step.file!r}")
    return DemoPage(
        source_id=model.source,
        vendor=model.vendor,
        title=model.title,
        kind=model.kind,
        path=model.path,
        ignore=model.ignore,
        steps=steps,
        select=model.select,
        remove=model.remove,
    )


def _check_site(pages: tuple[DemoPage, ...], manifest: Traversable) -> None:
    seen: set[str] = set()
    for page in pages:
        for key in (page.source_id, page.path):
            if key in seen:
                raise ConfigError(f"{manifest}: page {page.source_id!r}: {key!r} is used twice")
            seen.add(key)
        if len(page.steps) != len(pages[0].steps):
            raise ConfigError(
                f"{manifest}: page {page.source_id!r} has {len(page.steps)} steps, "
                f"page {pages[0].source_id!r} has {len(pages[0].steps)}; all need the same number"
            )


def _resolve(root: Traversable, relative: str) -> Traversable:
    """`relative` under `root`, refusing paths that could leave the site folder."""
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\\" in relative:
        raise ValueError(f"file {relative!r} must be a plain relative path")
    node = root
    for part in parts:
        node = node / part
    return node
