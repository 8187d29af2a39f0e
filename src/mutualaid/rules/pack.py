""":class:`DataPack`: the base class of a rule pack whose numbers live in data files.

A pack is any object (or module) with ``@hookimpl`` functions. Most packs
are mostly data, so the core offers a base class that answers five hooks
from the pack's data files:

* ``mutualaid_pack_info``: the :class:`~mutualaid.rules.results.PackInfo` given;
* ``mutualaid_parameter``: dated parameters (and plan facts) from the data;
* ``mutualaid_declared_parameters``: the pack's own parameters, from the
  data's ``declare`` section;
* ``mutualaid_plans``: the plan catalogue from the data (``None`` when the
  data has no plans, so a base pack's catalogue shows through);
* ``mutualaid_benefit_steps``: the benefit steps of the data's ``benefits``
  section (``None`` when it has none for the plan and claim type).

A subclass adds ``@hookimpl`` methods for what data cannot say::

    class YiyangPack(DataPack):
        @hookimpl
        def mutualaid_template_columns(self, plan):
            return YIYANG_COLUMNS

    pack = YiyangPack.from_package(
        "mutualaid_pack_yiyang", name="yiyang", region="yiyang",
        title="湖南工会互助参保（益阳）", distribution="mutualaid-pack-yiyang",
    )

>>> from datetime import date
>>> from mutualaid.rules.packdata import PackData
>>> data = PackData.from_mapping({"format": 1, "pack": "demo"}, version="1.0")
>>> pack = DataPack(PackInfo(name="demo", region="demo", version="1.0", title="演示"), data)
>>> pack.mutualaid_pack_info().name, pack.mutualaid_plans(None), pack.mutualaid_parameter("x.y", date(2026, 1, 1))
('demo', None, None)
>>> DataPack(PackInfo(name="other", region="other", version="1.0", title="演示"), data)
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: <data>, field $.pack: data is for pack 'demo', not 'other' (Fix the pack's data file; see docs/pack-authors.md.)

Since 0.1.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Self

from mutualaid.errors import Location, PackDataError
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.packdata import load_pack_data
from mutualaid.rules.results import PackInfo

if TYPE_CHECKING:
    from mutualaid.model.benefit import BenefitSteps
    from mutualaid.model.plan import Plan
    from mutualaid.rules.explain import Cited
    from mutualaid.rules.packdata import PackData
    from mutualaid.rules.parameters import ParameterSpec, Registry

__all__ = ["DataPack", "distribution_version"]


def distribution_version(distribution: str, default: str = "0+unknown") -> str:
    """The installed version of ``distribution`` (``default`` when not installed).

    >>> distribution_version("no-such-distribution-here")
    '0+unknown'
    """
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return default


class DataPack:
    """A rule pack answering identity, parameters and plans from its data.

    :param info: the pack's identity.
    :param data: its checked data (:class:`~mutualaid.rules.packdata.PackData`).
    """

    def __init__(self, info: PackInfo, data: PackData) -> None:
        if data.pack != info.name:
            origin = data.origins[0] if data.origins else "<data>"
            raise PackDataError(
                f"data is for pack {data.pack!r}, not {info.name!r}",
                location=Location(file=origin, field="$.pack"),
                hint="Fix the pack's data file; see docs/pack-authors.md.",
            )
        self.info = info
        self.data = data

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.info.name} {self.info.version}>"

    @classmethod
    def from_package(
        cls,
        package: str,
        *files: str,
        name: str,
        region: str,
        title: str,
        core_versions: str = ">=0.1",
        extends: str | None = None,
        distribution: str | None = None,
        version: str | None = None,
        operator: str | None = None,
        registry: Registry | None = None,
    ) -> Self:
        """Build the pack from data files inside ``package`` (default ``pack.json``).

        The version is ``version`` or, when omitted, the installed version of
        ``distribution``. A bad data file raises
        :class:`~mutualaid.errors.PackDataError` naming the file and the key.
        ``registry``: the declarations to check the data against beyond the
        core's: a pack that sets its base pack's own parameters passes the
        base's ``data.registry``.
        """
        resolved = version or (distribution_version(distribution) if distribution else "0+unknown")
        info = PackInfo(
            name, region, resolved, title, core_versions, extends, distribution, operator
        )
        return cls(
            info,
            load_pack_data(package, *files, pack=name, version=resolved, registry=registry),
        )

    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return self.info

    @hookimpl
    def mutualaid_parameter(self, name: str, on: date) -> Cited | None:
        return self.data.cite(name, on)

    @hookimpl
    def mutualaid_declared_parameters(self) -> Sequence[ParameterSpec]:
        return self.data.declared

    @hookimpl
    def mutualaid_plans(self, on: date | None) -> Sequence[Plan] | None:
        if not self.data.plans:
            return None
        return [record.to_plan() for record in self.data.plans if record.offered_on(on)]

    @hookimpl
    def mutualaid_benefit_steps(self, plan: Plan, claim_type: str) -> BenefitSteps | None:
        return self.data.benefit_steps(plan.code, plan.family_code, claim_type)
