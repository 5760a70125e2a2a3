"""Writes on quizzes: trainers' authoring (banks, questions, quizzes) and
learners' attempts (start, answers, grading). Attempts build on nothing in
authoring; both read numbers the same way (numbers.py)."""

from .attempts import (  # noqa: F401 - the package's public writes
    DEADLINE_GRACE,
    answer_key,
    answer_save,
    answer_summary,
    attempt_grant_create,
    attempt_start,
    attempt_submit,
    attempt_submit_if_due,
)
from .authoring import (  # noqa: F401
    QUIZ_SETTINGS,
    question_bank_create,
    question_create,
    question_update,
    quiz_create,
    quiz_questions_set,
    quiz_update,
)
