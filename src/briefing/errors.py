"""The package's typed errors. Only `briefing.cli` turns them into messages and exit codes."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class for every error `briefing` raises on purpose."""


class ConfigError(BriefingError):
    """`models.yaml` is missing, unreadable or invalid. `problems` holds one line per problem."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: invalid configuration\n" + "\n".join(f"  {p}" for p in problems))


class InputError(BriefingError):
    """A page cannot be read or makes no sense. The message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class CorpusError(BriefingError):
    """The corpus folder is missing, not a folder, or unreadable."""


class ModelError(BriefingError):
    """A configured model is missing, cannot be loaded, or failed to generate."""


class LockHeld(BriefingError):
    """Another `briefing run` holds the output folder's lock."""


class OutputError(BriefingError):
    """The output folder cannot be used as it is, e.g. a link in it leads outside. Names the path."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnsafePath(OutputError, ValueError):
    """An output path that would lead outside its folder (`..`, an absolute part, a symbolic link)."""


class UsageError(BriefingError):
    """Arguments that contradict each other, e.g. an output folder inside the corpus."""


class StageOrderError(BriefingError):
    """A stage read a field its stage has not filled yet (a bug in the plan, not in the input)."""
