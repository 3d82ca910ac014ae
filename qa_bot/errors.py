"""The exceptions qa-bot raises, each with a message written for the person reading it.

    QaBotError              anything qa-bot reports instead of answering
    ├── KnowledgeError      a knowledge base that cannot be loaded: every problem found in it,
    │                       each a `KnowledgeProblem` (file, line, entry, field, message)
    ├── SafetyDataError     the safety screen's data cannot be loaded (file, and entry or line)
    └── EvalFileError       an evaluation file that cannot be read

    CacheWarning            the cache of the built bot is off this time (a `UserWarning`)

`Bot.ask` never raises: a question always gets an `Answer`. These come from loading files, and the
command line turns them into a one-line `Error: <message>` and exit status 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class QaBotError(Exception):
    """Base class: the message is complete and meant for the end user."""


@dataclass(frozen=True)
class KnowledgeProblem:
    """One thing wrong with a knowledge base, and where it is (what is not known is None)."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    entry: str | None = None  # the id of the source, passage or pair
    field: str | None = None

    def __str__(self) -> str:
        return _locate(self.message, self.file, self.entry, self.field, self.line)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "field": self.field,
            "message": self.message,
        }


class KnowledgeError(QaBotError):
    """A knowledge base file is missing, malformed or inconsistent.

    `problems` holds every problem a load found, in file and line order; `file`, `entry`,
    `field`, `line` and `reason` are the first one's.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        entry: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        problem = KnowledgeProblem(
            message, str(file) if file is not None else None, line, entry, field
        )
        self.problems: tuple[KnowledgeProblem, ...] = (problem,)
        self.file = problem.file
        self.entry = entry
        self.field = field
        self.line = line
        self.reason = message
        # Whether `qa-bot check` lists every problem of this error: only of a knowledge base's.
        self.listed_by_check = False
        super().__init__(str(problem))

    @classmethod
    def of(
        cls, problems: Sequence[KnowledgeProblem], *, listed_by_check: bool = False
    ) -> KnowledgeError:
        """One error for all the `problems` of a load (at least one); `listed_by_check` when
        they are a knowledge base's, which `qa-bot check` lists."""
        first = problems[0]
        error = cls(
            first.message, file=first.file, entry=first.entry, field=first.field, line=first.line
        )
        error.problems = tuple(problems)
        error.listed_by_check = listed_by_check
        return error

    def __str__(self) -> str:
        # One line, whatever the count: the command line prints it as one `Error: ...`.
        first, more = self.problems[0], len(self.problems) - 1
        if not more:
            return str(first)
        errors = "error" if more == 1 else "errors"
        where = ": `qa-bot check` lists them all" if self.listed_by_check else ""
        return f"{first} (and {more} more {errors}{where})"


class SafetyDataError(QaBotError):
    """The safety screen's concepts, warning signs or model are missing or malformed."""


class EvalFileError(QaBotError):
    """An evaluation file is missing or malformed."""


def _locate(
    message: str, file: str | None, entry: str | None, field: str | None, line: int | None
) -> str:
    """`file:line: entry 'id', field 'name': message`, leaving out what is not known."""
    where = file or ""
    if line is not None:
        where += f":{line}"
    parts = [where] if where else []
    if entry is not None:
        parts.append(f"entry '{entry}'")
    if field is not None:
        parts.append(f"field '{field}'")
    prefix = ", ".join(parts[1:]) if where else ", ".join(parts)
    if where:
        return f"{where}: {prefix + ': ' if prefix else ''}{message}"
    return f"{prefix + ': ' if prefix else ''}{message}"


class CacheWarning(UserWarning):
    """The built bot could not be cached, or the cache could not be used: the bot works the same,
    only its next start is slower. The message says why (no home folder, a folder of another
    user's, a read-only disk)."""
