"""``ProcessMemory``: answers one process works out once and then reuses."""

from collections.abc import Callable, Hashable


class ProcessMemory:
    """Answers kept by one process, each under a key that names everything it depends on,
    so that an answer never goes stale under its key; past ``size`` keys, the oldest is
    forgotten. Every caller gets the same object back: read it, never change it. An
    answer of None is not kept: it is worked out again each time."""

    def __init__(self, size: int):
        self.size = size
        self.answers: dict[Hashable, object] = {}

    def get(self, key: Hashable, work_out: Callable[[], object]):
        if (answer := self.answers.get(key)) is None:
            answer = self.answers[key] = work_out()
            while len(self.answers) > self.size:
                del self.answers[next(iter(self.answers))]  # the oldest
        return answer
