"""A synthetic national data directory: millions of enterprises over the four seed chains.

``synthesize(out, n, seed)`` writes ``chains/`` (copied from the seed), ``enterprises.csv``,
``enterprise_nodes.csv`` and ``supply.csv``, chunk by chunk, so memory stays at a few numeric
arrays per enterprise (about 20 bytes each: 5,000,000 enterprises need ~100 MB). The shape
follows what national registries show:

- enterprises per city are heavy-tailed (Zipf, exponent 0.8) with real industrial centres
  (深圳, 上海, 北京, 苏州 …) at the head; every other prefecture-level city has a few; each sits in
  one of the city's counties (10% only at the city);
- 1–4 links each (55/28/12/5%), the first ``core`` in a leaf drawn from a city-specific mix (so
  cities specialise and some miss links), the others a FEEDS neighbour or a link of the same chain;
- about one supply relation per two enterprises, 85% along FEEDS (supplier in the source link,
  customer in the target), the rest within the chain;
- tags: 链主 ~0.05%, 世界500强 ~0.02%, 上市 ~2%, 小巨人 ~3% (all 专精特新), 专精特新 ~8%,
  高新技术企业 ~25%, 国企 5%, 外资 4%; revenues log-normal (亿元, median ~0.5, far larger for
  listed firms and 链主); ~1.5% deregistered (注销/吊销);
- groups (``groups=True``, the default: a national registry always has them, ``parent_id`` from
  shareholdings): a listed firm, 链主 or 世界500强 of a chain is a group head; ~5% of the others are
  subsidiaries (``parent_id``) of a head of their chain written before them, anywhere in the
  country, and ~10% of heads belong to an earlier head (groups of two levels). Parents are drawn
  from their own random stream, so every other column is the same with ``groups=False``.

The same ``seed`` (and ``groups``) always gives byte-identical files over the same chain templates
(:func:`chains_fingerprint` names them).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> synthesize(d, 200, seed=1).enterprises
200
>>> from app.datadir.io import read_data_dir
>>> ds = read_data_dir(d)
>>> len(ds.enterprises), any(e.parent_id for e in ds.enterprises)
(200, True)
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.datadir.chains import read_chain_file
from app.regions import RegionIndex
from app.settings import SEED_DIR
from graph_schema.models import RegionLevel

# The head of the distribution: real centres of display, vehicles, data and biomedicine, largest first.
INDUSTRIAL_CENTRES = (
    "440300", "310000", "110000", "320500", "440100", "330100", "510100", "420100", "340100", "500000",
    "320100", "120000", "610100", "441900", "320200", "430100", "330200", "370200", "350200", "410100",
    "370100", "440600", "320400", "210200", "210100", "350100", "530100", "520100", "220100", "360100",
)
_LINK_COUNTS = np.array([0.55, 0.28, 0.12, 0.05])
_CHUNK = 100_000
_WORDS = ("华", "新", "恒", "瑞", "博", "康", "诚", "信", "达", "科", "泰", "联", "辰", "宇", "晶", "芯", "光", "智", "锐", "远")
_TRADES = {"display": "显示科技", "icv": "汽车科技", "bigdata": "数据科技", "biomed": "生物医药"}
_STATUS = ("存续", "在业", "迁出", "注销", "吊销")
_STATUS_P = (0.93, 0.05, 0.005, 0.01, 0.005)
_SUBSIDIARY, _SUB_HEAD = 0.05, 0.10  # shares of ordinary firms and of heads given a parent


@dataclass(frozen=True)
class SynthSummary:
    enterprises: int
    links: int
    supply: int


class _World:
    """Chains, leaves, FEEDS, cities and their mixes, all drawn once from the seed."""

    def __init__(self, rng: np.random.Generator, regions: RegionIndex):
        self.templates = [read_chain_file(p)[0] for p in sorted((SEED_DIR / "chains").glob("*.yaml"))]
        self.leaves = [leaf for t in self.templates for leaf in t.leaves]
        self.leaf_chain = np.array([i for i, t in enumerate(self.templates) for _ in t.leaf_ids])
        index = {leaf.id: i for i, leaf in enumerate(self.leaves)}
        self.down: list[list[int]] = [[] for _ in self.leaves]
        self.up: list[list[int]] = [[] for _ in self.leaves]
        for t in self.templates:
            for f in t.feeds:
                self.down[index[f.source]].append(index[f.target])
                self.up[index[f.target]].append(index[f.source])
        cities = sorted(r.code for r in regions.regions if r.level is RegionLevel.city or regions.city_of(r.code) == r.code)
        head = [c for c in INDUSTRIAL_CENTRES if c in cities]
        tail = [c for c in cities if c not in head]
        tail = [tail[i] for i in rng.permutation(len(tail))]
        self.cities = head + tail
        ranks = np.arange(1, len(self.cities) + 1, dtype=float)
        self.city_p = ranks ** -0.8 / (ranks ** -0.8).sum()
        counties: dict[str, list[str]] = {c: [] for c in self.cities}
        for r in regions.regions:
            city = regions.city_of(r.code)
            if r.level is RegionLevel.county and city in counties and r.code != city:
                counties[city].append(r.code)
        self.counties = [sorted(counties[c]) or [c] for c in self.cities]
        base = np.array([leaf.weight for leaf in self.leaves]) * rng.lognormal(0, 0.6, len(self.leaves))
        chain_bias = rng.lognormal(0, 0.8, (len(self.cities), len(self.templates)))[:, self.leaf_chain]
        mix = base * chain_bias * rng.lognormal(0, 1.0, (len(self.cities), len(self.leaves)))
        self.leaf_cdf = np.cumsum(mix / mix.sum(1, keepdims=True), axis=1)
        self.chain_leaves = [np.flatnonzero(self.leaf_chain == c) for c in range(len(self.templates))]


def _tags(rng: np.random.Generator, n: int) -> tuple[list[str], np.ndarray]:
    u = rng.random((n, 7))
    leader, g500, listed = u[:, 0] < 0.0005, u[:, 1] < 0.0002, u[:, 2] < 0.02
    giant = u[:, 3] < 0.03
    srdi = giant | (u[:, 3] < 0.08)
    hightech = (u[:, 4] < 0.25) | leader
    soe, foreign = u[:, 5] < 0.05, u[:, 6] < 0.04
    listed |= leader & (u[:, 2] < 0.7)
    cols = (("链主", leader), ("上市", listed), ("专精特新", srdi), ("小巨人", giant), ("高新技术企业", hightech),
            ("世界500强", g500), ("国企", soe), ("外资", foreign))
    out = [""] * n
    for i in np.flatnonzero(leader | listed | srdi | hightech | g500 | soe | foreign):
        out[i] = ";".join(name for name, col in cols if col[i])
    boost = np.where(leader | g500, 60.0, np.where(listed, 12.0, np.where(giant, 3.0, 1.0)))
    return out, boost


def _links(rng: np.random.Generator, w: _World, leaf: int) -> list[int]:
    count = rng.choice(4, p=_LINK_COUNTS) + 1
    links = [leaf]
    for _ in range(count - 1):
        roll = rng.random()
        near = w.down[leaf] + w.up[leaf]
        if roll < 0.6 and near:
            pick = near[rng.integers(len(near))]
        elif roll < 0.9:
            pool = w.chain_leaves[w.leaf_chain[leaf]]
            pick = int(pool[rng.integers(len(pool))])
        else:
            pick = int(rng.integers(len(w.leaves)))
        if pick not in links:
            links.append(pick)
    return links


def chains_fingerprint() -> str:
    """Eight hex digits naming the seed's chain templates the generator draws from (a cached directory's name
    carries them: templates that changed make another directory).

    >>> len(chains_fingerprint())
    8
    """
    h = hashlib.sha1()
    for p in sorted((SEED_DIR / "chains").glob("*.yaml")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:8]


def synthesize(out: Path | str, enterprises: int, seed: int = 0, regions: RegionIndex | None = None,
               groups: bool = True) -> SynthSummary:
    """Write a synthetic data directory of ``enterprises`` enterprises to ``out``; deterministic per ``seed``;
    ``groups`` gives group heads subsidiaries (``parent_id``), see the module."""
    root = Path(out)
    (root / "chains").mkdir(parents=True, exist_ok=True)
    for p in sorted((SEED_DIR / "chains").glob("*.yaml")):
        shutil.copyfile(p, root / "chains" / p.name)
    rng = np.random.default_rng(seed)
    group_rng = np.random.default_rng([seed, 7])  # parents: a stream of their own
    w = _World(rng, regions or RegionIndex.national())
    heads: list[list[int]] = [[] for _ in w.templates]  # per chain, the group heads written so far
    primary = np.empty(enterprises, dtype=np.int16)
    active = np.empty(enterprises, dtype=bool)
    links_total = 0
    with (root / "enterprises.csv").open("w", encoding="utf-8", newline="") as ef, \
            (root / "enterprise_nodes.csv").open("w", encoding="utf-8", newline="") as lf:
        ef.write("id,uscc,name,region_code,founded,revenue,employees,tags,listed_code,status,parent_id\n")
        lf.write("enterprise_id,node_id,role,products\n")
        for start in range(0, enterprises, _CHUNK):
            n = min(_CHUNK, enterprises - start)
            city = rng.choice(len(w.cities), size=n, p=w.city_p)
            leaf = (w.leaf_cdf[city] < rng.random(n)[:, None]).sum(1).clip(0, len(w.leaves) - 1)
            tags, boost = _tags(rng, n)
            revenue = rng.lognormal(-0.7, 1.5, n) * boost
            has_rev, has_staff = rng.random(n) < 0.9, rng.random(n) < 0.85
            staff = (revenue * rng.lognormal(3.5, 0.6, n)).astype(np.int64) + 3
            founded = rng.integers(1985, 2025, n)
            status = rng.choice(len(_STATUS), size=n, p=_STATUS_P)
            at_city = rng.random(n) < 0.1
            county_pick = rng.random(n)
            is_head, joins, parent_pick = boost >= 12.0, group_rng.random(n), group_rng.random(n)
            e_rows, l_rows = [], []
            for i in range(n):
                eid = f"e{start + i:08d}"
                counties = w.counties[city[i]]
                code = w.cities[city[i]] if at_city[i] else counties[int(county_pick[i] * len(counties))]
                chain = w.templates[w.leaf_chain[leaf[i]]].id
                k = start + i
                name = f"{_WORDS[k % 20]}{_WORDS[k // 20 % 20]}{_WORDS[k // 400 % 20]}{_TRADES[chain]}{k}有限公司"
                rev = f"{revenue[i]:.3f}" if has_rev[i] else ""
                emp = str(staff[i]) if has_staff[i] else ""
                pool = heads[w.leaf_chain[leaf[i]]]
                parent = ""
                if groups and pool and joins[i] < (_SUB_HEAD if is_head[i] else _SUBSIDIARY):
                    parent = f"e{pool[int(parent_pick[i] * len(pool))]:08d}"
                if is_head[i]:
                    pool.append(k)
                e_rows.append(f"{eid},,{name},{code},{founded[i]},{rev},{emp},{tags[i]},,{_STATUS[status[i]]},{parent}\n")
                for k, node in enumerate(_links(rng, w, int(leaf[i]))):
                    l_rows.append(f"{eid},{w.leaves[node].id},{'core' if k == 0 else 'supporting'},\n")
            ef.write("".join(e_rows))
            lf.write("".join(l_rows))
            links_total += len(l_rows)
            primary[start:start + n] = leaf
            active[start:start + n] = status < 3
    supply = _write_supply(root / "supply.csv", rng, w, primary, enterprises // 2)
    return SynthSummary(enterprises, links_total, supply)


def _write_supply(path: Path, rng: np.random.Generator, w: _World, primary: np.ndarray, count: int) -> int:
    """About ``count`` distinct supplier → customer pairs, 85% along FEEDS of the supplier's main link."""
    order = np.argsort(primary, kind="stable")
    bounds = np.searchsorted(primary[order], np.arange(len(w.leaves) + 1))
    n = len(primary)
    if n < 2 or count == 0:
        path.write_text("supplier_id,customer_id,product\n", encoding="utf-8")
        return 0
    supplier = rng.integers(0, n, count)
    along = rng.random(count) < 0.85
    pick, pool_pick = rng.random(count), rng.random(count)
    customer = np.empty(count, dtype=np.int64)
    for i in range(count):
        leaf = primary[supplier[i]]
        down = w.down[leaf]
        if along[i] and down:
            target = down[int(pick[i] * len(down))]
        else:
            pool = w.chain_leaves[w.leaf_chain[leaf]]
            target = pool[int(pick[i] * len(pool))]
        lo, hi = bounds[target], bounds[target + 1]
        customer[i] = order[lo + int(pool_pick[i] * (hi - lo))] if hi > lo else (supplier[i] + 1) % n
    keep = supplier != customer
    pairs = supplier[keep] * n + customer[keep]
    _, first = np.unique(pairs, return_index=True)
    first.sort()
    sup, cus = supplier[keep][first], customer[keep][first]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("supplier_id,customer_id,product\n")
        for lo in range(0, len(first), _CHUNK):
            pairs = zip(sup[lo:lo + _CHUNK].tolist(), cus[lo:lo + _CHUNK].tolist(), strict=True)
            fh.write("".join(f"e{s:08d},e{c:08d},\n" for s, c in pairs))
    return len(first)
