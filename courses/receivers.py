"""Receivers: a quiz attempt graded anywhere (page, API, an overdue attempt handed in
at the next start) finishes its lesson when passed; a finished H5P attempt finishes
its lesson. Connected in apps.py."""


def record_passed_quiz(sender, attempt, **kwargs) -> None:
    """Only calls the service; the rule lives in quiz.services."""
    if attempt.passed:
        from .quiz.services import quiz_pass_record

        quiz_pass_record(attempt=attempt)


def record_finished_h5p(sender, attempt, **kwargs) -> None:
    """Only calls the service; the rule lives in h5p.services."""
    if attempt.completed:
        from .h5p.services import h5p_finish_record

        h5p_finish_record(attempt=attempt)
