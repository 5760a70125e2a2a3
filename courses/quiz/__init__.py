"""Quizzes inside courses: the pages, API and trainer authoring of quiz lessons.

The quiz engine (`quizzes`) knows no course; this package is where the two meet
(the lesson a quiz belongs to, who is enrolled, who teaches it, passing a quiz as
finishing its lesson). It lives under `courses/` because every rule here names a
course, and the arrows let `courses` import `quizzes`, not the other way round.
What needs no course stays in the engine: answer forms (`quizzes.forms`) and the
question-page serializers (`quizzes.serializers`). Inside: views, api and
teach_views call services and selectors, which call the engine.
"""
