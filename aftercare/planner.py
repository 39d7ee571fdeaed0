"""A treatment date plus the days the clinic set: the dates of a patient's aftercare.

This only adds days to a date. The days are content that clinical reviewers approve on the
therapy page (therapies.models.AftercareStep); how long precautions last for a particular
patient is set by their own team from the radiation measured after their treatment. Nothing
here calculates or looks at a dose, and nothing is stored: a plan lives for one request.
"""

from dataclasses import dataclass
from datetime import date

from therapies.models import AftercareStep, Therapy


@dataclass(frozen=True)
class DatedStep:
    step: AftercareStep
    first: date
    last: date

    @property
    def is_one_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class Plan:
    therapy: Therapy
    treated_on: date
    steps: list[DatedStep]

    def _of_kind(self, kind: AftercareStep.Kind) -> list[DatedStep]:
        return [dated for dated in self.steps if dated.step.kind == kind]

    @property
    def precautions(self) -> list[DatedStep]:
        return self._of_kind(AftercareStep.Kind.PRECAUTION)

    @property
    def blood_tests(self) -> list[DatedStep]:
        return self._of_kind(AftercareStep.Kind.BLOOD_TEST)

    @property
    def next_treatment(self) -> list[DatedStep]:
        return self._of_kind(AftercareStep.Kind.NEXT_TREATMENT)

    @property
    def travel(self) -> list[DatedStep]:
        return self._of_kind(AftercareStep.Kind.TRAVEL)

    @property
    def travel_card_until(self) -> date | None:
        """The last day the travel card is needed, if the therapy has one."""
        return max((dated.last for dated in self.travel), default=None)


def plan_for(therapy: Therapy, treated_on: date) -> Plan:
    """``therapy``'s aftercare steps dated from a treatment on ``treated_on``, in date order."""
    steps = sorted(
        therapy.aftercare_steps.all(), key=lambda step: (step.first_day, step.order, step.pk)
    )
    return Plan(
        therapy=therapy,
        treated_on=treated_on,
        steps=[DatedStep(step, *step.dates_after(treated_on)) for step in steps],
    )
