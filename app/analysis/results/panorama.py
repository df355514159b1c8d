"""产业链全景图数据 The panorama: the gap report's links arranged as the chain tree, stage → segment → link.

Built once by :func:`app.analysis.panorama.build_panorama`; the API returns it, the SVG map draws
it and the web page reads its stages and segments as they are.
"""
from __future__ import annotations

from pydantic import Field

from app.analysis.results.common import ChainStatus, Result
from app.analysis.results.gaps import Leader, LinkStatus


class PanoramaSegment(Result):
    """A segment (环节组) of a stage with its links in template order; a leaf without a parent is its own segment."""

    id: str
    name: str
    name_en: str
    links: tuple[LinkStatus, ...]


class PanoramaStage(Result):
    """A top node of the chain (上游 / 中游 / 下游) with its segments in template order."""

    id: str
    name: str
    name_en: str
    stage: str = Field(description="upstream | midstream | downstream")
    segments: tuple[PanoramaSegment, ...]


class Panorama(ChainStatus):
    """产业链全景图数据 The chain tree with every link's status, counts and key local enterprises."""

    stages: tuple[PanoramaStage, ...]
    feeds: tuple[tuple[str, str], ...] = Field(description="环节间供给关系 [from, to] supply flow between links")
    leaders: tuple[Leader, ...] = Field((), description="本地链主及其配套率 local chain leaders")

    @property
    def links(self) -> tuple[LinkStatus, ...]:
        """Every link, stage by stage and segment by segment."""
        return tuple(x for stage in self.stages for seg in stage.segments for x in seg.links)
