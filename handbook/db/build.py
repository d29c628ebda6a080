"""Compile validated content into the SQLite content database, with its full-text index."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from handbook.content import schema as s
from handbook.content.loader import Content
from handbook.db import content_models as m
from handbook.db.prerender import store_first_views
from handbook.db.search_index import SearchEntry, create_index, create_synonym_table, fill_index, fill_synonyms
from handbook.givehold.stored import compile_give_hold
from handbook.labels import ACTION_LABELS, WARD_LEVEL_LABELS
from handbook.render import number
from handbook.tabs import Tab


def build_into(session: Session, content: Content) -> None:
    """Create every table and fill it from ``content``, in one transaction owned by the caller."""
    bind = session.get_bind()
    m.ContentBase.metadata.create_all(bind)
    create_index(session)
    sources = {}
    for position, src in enumerate(content.sources.sources):
        sources[src.id] = m.Source(
            id=src.id,
            position=position,
            kind=src.kind.value,
            short=src.short,
            title=src.title,
            publisher=src.publisher,
            version=src.version,
            date=src.date,
            url=src.url,
            note=src.note,
        )
    session.add_all(sources.values())
    indexed: list[tuple[str, list[SearchEntry]]] = []
    give_hold = content.give_hold if content.give_hold is not None else compile_give_hold()
    for monograph in content.monographs:
        entries: list[SearchEntry] = []
        builder = _MonographBuilder(session, sources, entries)
        builder.build(monograph)
        indexed.append((monograph.drug.id, entries))
        assert builder.drug is not None
        # The per-dose check, validated: the window reads it from here (see handbook.givehold.stored).
        builder.drug.give_hold_documents.extend(
            m.GiveHoldDocument(key=key, body=body) for key, body in give_hold.items()
        )
    session.flush()
    for drug_slug, entries in indexed:
        fill_index(session, drug_slug, entries)
    create_synonym_table(session)
    if content.synonyms is not None:
        fill_synonyms(session, [(group.id, group.terms) for group in content.synonyms.groups])
    session.add_all(
        [
            m.Meta(key="schema_version", value=str(m.CONTENT_SCHEMA_VERSION)),
            m.Meta(key="fingerprint", value=content.fingerprint),
            m.Meta(key="content_version", value=", ".join(x.content_version for x in content.monographs)),
            m.Meta(key="last_reviewed", value=max(x.last_reviewed for x in content.monographs).isoformat()),
        ]
    )
    session.execute(text(f"PRAGMA user_version = {m.CONTENT_SCHEMA_VERSION}"))
    store_first_views(session)  # last: it reads the finished rows back


_N = TypeVar("_N", m.PreparationNumber, m.RegimenNumber)


class _RuleRows(NamedTuple):
    """The label's dose rules and the published practice criteria, each by content id: two kinds,
    kept apart so that a checklist item can never point at the wrong one."""

    label: dict[str, m.LabelDoseRule]
    practice: dict[str, m.PracticeCriterion]


class _MonographBuilder:
    def __init__(self, session: Session, sources: dict[str, m.Source], entries: list[SearchEntry]) -> None:
        self.session = session
        self.sources = sources
        self.entries = entries
        self.position = 0
        self.drug: m.Drug | None = None

    # -- helpers

    def cite(self, ids: Iterable[str]) -> list[m.Source]:
        return [self.sources[i] for i in dict.fromkeys(ids)]

    def statement(self, section: str, heading: str, item: s.Statement, tab: Tab, anchor: str = "") -> m.Statement:
        assert self.drug is not None
        self.position += 1
        row = m.Statement(
            drug=self.drug,
            section=section,
            heading=heading,
            position=self.position,
            text=item.text,
            where=item.where,
            sources=self.cite(item.sources),
        )
        self.session.add(row)
        self.entries.append(SearchEntry(tab=tab, anchor=anchor or f"section:{section}", title=heading, body=item.text))
        return row

    def statements(self, section: str, heading: str, items: Iterable[s.Statement], tab: Tab) -> list[m.Statement]:
        return [self.statement(section, heading, item, tab) for item in items]

    def headed(self, prefix: str, groups: Iterable[s.HeadedStatements], tab: Tab) -> None:
        for group in groups:
            self.statements(f"{prefix}.{group.id}", group.title, group.statements, tab)

    def number(self, item: s.Number, name: str, cls: type[_N]) -> _N:
        return cls(name=name, value=item.value, unit=item.unit, note=item.note, sources=self.cite(item.sources))

    # -- the monograph

    def build(self, mono: s.Monograph) -> None:
        drug_row = m.Drug(
            slug=mono.drug.id,
            brand_name=mono.drug.brand_name,
            generic_name=mono.drug.generic_name,
            other_names="; ".join(mono.drug.other_names),
            content_version=mono.content_version,
            last_reviewed=mono.last_reviewed.isoformat(),
            boxed_warning_title=mono.boxed_warning.title,
        )
        self.drug = drug_row
        self.session.add(drug_row)
        d = mono.drug
        self.statement("drug.class", "Drug class", d.drug_class, Tab.indications)
        self.statement("drug.high_alert", "High-alert medicine", d.high_alert, Tab.indications)
        self.statements("drug.summary", "Summary", d.summary, Tab.indications)
        self.statement("drug.route", "Route", d.route, Tab.indications)
        self.statement("boxed_warning.short", mono.boxed_warning.title, mono.boxed_warning.short, Tab.indications)
        self.headed("boxed_warning.points", mono.boxed_warning.points, Tab.indications)
        self._overview(mono.overview)
        self._mechanism(mono.mechanism)
        self._dosing(mono)
        rules = self._rules(mono)
        self._side_effects(mono.side_effects, rules)
        self._warnings(mono.warnings, rules)
        self._interactions(mono.interactions)
        self.headed("populations", mono.populations, Tab.warnings)
        self.statements("overdosage", "Overdosage", mono.overdosage, Tab.warnings)
        self.headed("monitoring", mono.monitoring, Tab.warnings)
        self.headed("supportive_care", mono.supportive_care, Tab.warnings)
        self._care_tips(mono.patient_care)
        if mono.teaching_handout is not None:
            self._handout(mono.teaching_handout)
        self._checklists(mono.checklists, rules)

    def _overview(self, o: s.Overview) -> None:
        assert self.drug is not None
        for position, ind in enumerate(o.indications):
            row = m.Indication(
                slug=ind.id,
                position=position,
                condition=ind.condition,
                population=ind.population,
                statement=self.statement(
                    "overview.indications", ind.condition, ind.statement, Tab.indications, anchor=f"indication:{ind.id}"
                ),
            )
            self.drug.indications.append(row)
        for name, heading in (
            ("place_in_therapy", "Place in therapy"),
            ("candidates", "Who is a candidate"),
            ("not_candidates", "Who should not receive it"),
            ("setting", "Where it is given"),
            ("course_at_a_glance", "The course at a glance"),
            ("retreatment", "Retreatment"),
            ("response", "Response in trials (context)"),
        ):
            self.statements(f"overview.{name}", heading, getattr(o, name), Tab.indications)

    def _mechanism(self, mech: s.Mechanism) -> None:
        assert self.drug is not None
        self.statements("mechanism.plain", "How it works", mech.plain, Tab.mechanism)
        self.statements("mechanism.details", "Mechanism in detail", mech.details, Tab.mechanism)
        self.statements("mechanism.diagram", "How it works (picture)", mech.diagram, Tab.mechanism)
        if mech.diagram_side_note:
            self.statement("mechanism.diagram_side", "How it works (picture)", mech.diagram_side_note, Tab.mechanism)
        for position, pk in enumerate(mech.pharmacokinetics):
            self.drug.pk_parameters.append(
                m.PkParameter(
                    slug=pk.id,
                    position=position,
                    name=pk.name,
                    value=pk.value,
                    statement=self.statement(
                        "mechanism.pk",
                        f"Pharmacokinetics: {pk.name}",
                        pk.statement,
                        Tab.mechanism,
                        anchor=f"pk:{pk.id}",
                    ),
                )
            )

    def _dosing(self, mono: s.Monograph) -> None:
        assert self.drug is not None
        for position, reg in enumerate(mono.regimens):
            row = m.Regimen(
                slug=reg.id,
                position=position,
                name=reg.name,
                basis=reg.basis,
                route=reg.route,
                rest_days_text=reg.rest_days.text if reg.rest_days else "",
                sources=self.cite(reg.sources),
                cycles=[
                    m.RegimenCycle(number=c.number, first_day=c.first_day, last_day=c.last_day, max_doses=c.max_doses)
                    for c in reg.cycles
                ],
            )
            for name in (
                "dose_iu_per_kg",
                "dose_mg_per_kg",
                "interval_hours",
                "infusion_minutes",
                "max_doses_per_course",
            ):
                value = getattr(reg, name)
                if value is not None:
                    row.numbers.append(self.number(value, name, m.RegimenNumber))
            self.drug.regimens.append(row)
            if reg.rest_days:
                self.statement(f"regimen.{reg.id}.rest", f"{reg.name}: rest days", reg.rest_days, Tab.dosing)
            self.statements(f"regimen.{reg.id}.notes", f"{reg.name}: notes", reg.notes, Tab.dosing)
            cycles = "; ".join(
                f"cycle {c.number}: days {c.first_day}-{c.last_day}, at most {c.max_doses} doses" for c in reg.cycles
            )
            self.entries.append(
                SearchEntry(
                    tab=Tab.dosing,
                    anchor=f"regimen:{reg.id}",
                    title=reg.name,
                    body=(
                        f"{reg.dose_iu_per_kg.value:,.0f} IU/kg every {number(reg.interval_hours.value)} hours, "
                        f"{reg.route}; {cycles}"
                    ),
                )
            )
        prep = mono.preparation
        for name in s.Preparation.model_fields:
            value = getattr(prep, name)
            if isinstance(value, s.Number):
                self.drug.preparation_numbers.append(self.number(value, name, m.PreparationNumber))
        self.statement(
            "preparation.reconstitution_diluent", "Reconstitution diluent", prep.reconstitution_diluent, Tab.dosing
        )
        self.statement("preparation.dilution_diluent", "Dilution diluent", prep.dilution_diluent, Tab.dosing)
        self.headed("preparation.steps", prep.steps, Tab.dosing)
        self.statements("dose_rules.principles", "Managing toxicity: principles", mono.dose_rule_principles, Tab.dosing)

    def _side_effects(self, effects: list[s.SideEffect], rules: _RuleRows) -> None:
        assert self.drug is not None
        for position, eff in enumerate(effects):
            ward = self.statement(
                f"side_effects.{eff.id}.ward",
                f"{eff.term}: {WARD_LEVEL_LABELS[eff.ward.level.value]}",
                s.Statement(text=eff.ward.action, sources=eff.ward.sources, where=eff.ward.where),
                Tab.side_effects,
                anchor=f"side_effect:{eff.id}",
            )
            for rule_id in eff.ward.label_rules:
                # The rule is found by the effect's words too ("hypotension" reaches "SBP below 90").
                rule = rules.label[rule_id]
                verb = ACTION_LABELS.get(rule.action, rule.action)
                self.entries.append(
                    SearchEntry(
                        tab=Tab.warnings,
                        anchor=f"rule:{rule_id}",
                        title=f"US label: {verb.lower()} ({rule.system})",
                        body=f"{rule.finding}. {verb}. The rule for the side effect: {eff.term}.",
                    )
                )
            note = None
            if eff.nursing_note:
                note = self.statement(
                    f"side_effects.{eff.id}",
                    eff.term,
                    eff.nursing_note,
                    Tab.side_effects,
                    anchor=f"side_effect:{eff.id}",
                )
            incidences = [
                m.LabelIncidence(
                    position=i, term=inc.term, percent=inc.percent, where=inc.where, sources=self.cite(inc.sources)
                )
                for i, inc in enumerate(eff.label_incidence)
            ]
            self.drug.side_effects.append(
                m.SideEffect(
                    slug=eff.id,
                    position=position,
                    term=eff.term,
                    frequency=eff.frequency.value,
                    urgency=eff.urgency.value,
                    body_system=eff.body_system,
                    note=note,
                    incidences=incidences,
                    sources=self.cite(eff.sources),
                    ward_level=eff.ward.level.value,
                    ward_action=ward,
                    ward_rules=[rules.label[i] for i in eff.ward.label_rules],
                    ward_criteria=[rules.practice[i] for i in eff.ward.practice_criteria],
                    ward_care=" ".join(eff.ward.supportive_care),
                    ward_protocol_links=" ".join(
                        f"{protocol}:{criterion}"
                        for protocol, criteria in eff.ward.protocol_criteria.items()
                        for criterion in criteria
                    ),
                )
            )
            label_terms = ", ".join(f"{inc.term} {number(inc.percent)}%" for inc in eff.label_incidence)
            self.entries.append(
                SearchEntry(
                    tab=Tab.side_effects,
                    anchor=f"side_effect:{eff.id}",
                    title=eff.term,
                    body=f"{eff.body_system}. {label_terms}".strip(),
                )
            )

    def _rules(self, mono: s.Monograph) -> _RuleRows:
        assert self.drug is not None
        out = _RuleRows({}, {})
        for position, rule in enumerate(mono.label_dose_rules):
            label_row = m.LabelDoseRule(
                slug=rule.id,
                position=position,
                system=rule.system,
                finding=rule.finding,
                action=rule.action.value,
                resume=rule.resume,
                where=rule.where,
                sources=self.cite(rule.sources),
                **_threshold(rule.threshold),
            )
            self.drug.label_rules.append(label_row)
            out.label[rule.id] = label_row
            verb = "Withhold" if rule.action is s.DoseRuleAction.withhold else "Permanently discontinue"
            self.entries.append(
                SearchEntry(
                    tab=Tab.warnings,
                    anchor=f"rule:{rule.id}",
                    title=f"US label: {verb.lower()} ({rule.system})",
                    body=f"{rule.finding}. {verb}. {rule.resume}".strip(),
                )
            )
        for position, crit in enumerate(mono.practice_criteria):
            practice_row = m.PracticeCriterion(
                slug=crit.id,
                position=position,
                parameter=crit.parameter,
                level=crit.level.value,
                criterion=crit.criterion,
                note=crit.note,
                sources=self.cite(crit.sources),
                **_threshold(crit.threshold),
            )
            self.drug.practice_criteria.append(practice_row)
            out.practice[crit.id] = practice_row
            self.entries.append(
                SearchEntry(
                    tab=Tab.warnings,
                    anchor=f"criterion:{crit.id}",
                    title=f"Published practice: {crit.parameter} ({crit.level.value})",
                    body=f"{crit.criterion} {crit.note}".strip(),
                )
            )
        return out

    def _warnings(self, warnings: list[s.WarningTopic], rules: _RuleRows) -> None:
        assert self.drug is not None
        for position, warn in enumerate(warnings):
            row = m.WarningTopic(slug=warn.id, position=position, title=warn.title)
            anchor = f"warning:{warn.id}"
            groups = (
                ("summary", [warn.summary], warn.title),
                ("risk_factor", warn.risk_factors, "risk factors"),
                ("sign", warn.signs, "signs to watch"),
                ("nursing_action", warn.nursing_actions, "what to do"),
            )
            for kind, items, label in groups:
                heading = warn.title if kind == "summary" else f"{warn.title}: {label}"
                for item in items:
                    stmt = self.statement(f"warnings.{warn.id}.{kind}", heading, item, Tab.warnings, anchor=anchor)
                    row.items.append(m.WarningItem(kind=kind, position=len(row.items), statement=stmt))
            row.rules = [rules.label[rule_id] for rule_id in warn.label_rule_ids]
            self.drug.warnings.append(row)

    def _interactions(self, interactions: list[s.Interaction]) -> None:
        assert self.drug is not None
        for position, inter in enumerate(interactions):
            anchor = f"interaction:{inter.id}"
            self.drug.interactions.append(
                m.Interaction(
                    slug=inter.id,
                    position=position,
                    agents=inter.agents,
                    effect=self.statement(
                        f"interactions.{inter.id}.effect",
                        f"Interaction: {inter.agents}",
                        inter.effect,
                        Tab.warnings,
                        anchor=anchor,
                    ),
                    what_to_do=self.statement(
                        f"interactions.{inter.id}.action",
                        f"Interaction: {inter.agents}",
                        inter.what_to_do,
                        Tab.warnings,
                        anchor=anchor,
                    ),
                )
            )

    def _care_tips(self, tips: list[s.CareTip]) -> None:
        assert self.drug is not None
        for position, tip in enumerate(tips):
            advice = [
                self.statement(
                    f"patient_care.{tip.id}", f"Patient care: {tip.topic}", item, Tab.warnings, anchor=f"care:{tip.id}"
                )
                for item in tip.advice
            ]
            self.drug.care_tips.append(m.CareTip(slug=tip.id, position=position, topic=tip.topic, advice=advice))

    def _handout(self, handout: s.TeachingHandout) -> None:
        """The patient's sheet: kept with its sources but not indexed (it repeats the content in plain words,
        and a search hit must land on a view a nurse can see)."""

        def put(section: str, heading: str, items: Iterable[s.Statement]) -> None:
            assert self.drug is not None
            for item in items:
                self.position += 1
                self.session.add(
                    m.Statement(
                        drug=self.drug,
                        section=section,
                        heading=heading,
                        position=self.position,
                        text=item.text,
                        where=item.where,
                        sources=self.cite(item.sources),
                    )
                )

        put("handout.intro", handout.title, handout.intro)
        for group in handout.days:
            put(f"handout.days.{group.id}", group.title, group.statements)
        put("handout.tell_now", handout.tell_now_title, handout.tell_now)
        put("handout.helps", handout.helps_title, handout.helps)
        put("handout.at_home", handout.at_home_title, handout.at_home)

    def _checklists(self, checklists: list[s.Checklist], rules: _RuleRows) -> None:
        assert self.drug is not None
        for position, chk in enumerate(checklists):
            template = m.ChecklistTemplate(slug=chk.id, position=position, title=chk.title, purpose=chk.purpose)
            for section_position, sec in enumerate(chk.sections):
                section = m.ChecklistSection(slug=sec.id, position=section_position, title=sec.title, basis=sec.basis)
                for item_position, item in enumerate(sec.items):
                    section.items.append(
                        m.ChecklistItem(
                            slug=item.id,
                            position=item_position,
                            text=item.text,
                            sources=self.cite(item.sources),
                            rule=rules.label[item.rule_id] if item.rule_id else None,
                            criterion=rules.practice[item.criterion_id] if item.criterion_id else None,
                        )
                    )
                    self.entries.append(
                        SearchEntry(
                            tab=Tab.warnings,
                            anchor=f"checklist:{chk.id}:{item.id}",
                            title=f"Checklist: {chk.title}",
                            body=item.text,
                        )
                    )
                template.sections.append(section)
            self.drug.checklists.append(template)


def _threshold(threshold: s.Threshold | None) -> dict[str, object]:
    if threshold is None:
        return {}
    return {
        "threshold_parameter": threshold.parameter,
        "threshold_label": threshold.label,
        "threshold_unit": threshold.unit,
        "threshold_comparator": threshold.comparator.value,
        "threshold_value": threshold.value,
        "threshold_upper": threshold.upper,
    }
