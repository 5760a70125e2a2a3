"""factory_boy factories for quizzes; questions with keys go through the services."""

import factory

from quizzes import services
from quizzes.models import AttemptGrant, AttemptQuestion, Question, QuestionBank, Quiz
from quizzes.selectors import right_answer_payload as right_payload  # noqa: F401


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    title = factory.Sequence(lambda n: f"Banque {n}")


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    bank = factory.SubFactory(QuestionBankFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")


class AttemptGrantFactory(factory.django.DjangoModelFactory):
    """A grant row as stored; the rules (none left, enrolled) are the services'."""

    class Meta:
        model = AttemptGrant

    quiz = factory.SubFactory(QuizFactory)
    learner = factory.SubFactory("tests.factories.LearnerFactory")
    granted_by = factory.SubFactory("tests.factories.TrainerFactory")
    extra_attempts = 1


# Ready-made keyword arguments for question_create, one per kind.
QUESTION_KWARGS = {
    Question.Kind.SINGLE: {
        "text_markdown": "Quel bouton envoie un e-mail ?",
        "choices": [
            {"text": "Envoyer", "is_correct": True, "feedback": "Oui."},
            {"text": "Supprimer", "feedback": "Non, cela l'efface."},
            {"text": "Archiver"},
        ],
    },
    Question.Kind.MULTIPLE: {
        "text_markdown": "Quels mots de passe sont solides ?",
        "choices": [
            {"text": "cheval-batterie-agrafe-42", "is_correct": True},
            {"text": "Tr0ub4dor&3-long-et-rare", "is_correct": True},
            {"text": "123456"},
            {"text": "motdepasse"},
        ],
    },
    Question.Kind.TRUE_FALSE: {
        "text_markdown": "Une banque demande votre code par e-mail.",
        "answer": False,
    },
    Question.Kind.SHORT_TEXT: {
        "text_markdown": "Comment s'appelle la personne qui apprend ?",
        "accepted_answers": ["élève", "apprenant"],
    },
    Question.Kind.NUMBER: {
        "text_markdown": "Combien de chiffres a un code PIN bancaire ?",
        "number_answer": "4",
        "number_tolerance": "0.5",
    },
    Question.Kind.ORDERING: {
        "text_markdown": "Remettez les étapes dans l'ordre.",
        "choices": [
            {"text": "Ouvrir le navigateur"},
            {"text": "Taper l'adresse"},
            {"text": "Appuyer sur Entrée"},
            {"text": "Lire la page"},
        ],
    },
    Question.Kind.MATCHING: {
        "text_markdown": "Associez chaque icône à son rôle.",
        "choices": [
            {"text": "Loupe", "match_text": "Chercher"},
            {"text": "Corbeille", "match_text": "Supprimer"},
            {"text": "Trombone", "match_text": "Joindre un fichier"},
        ],
    },
}


def question_make(*, bank: QuestionBank, kind: str = "single", **overrides) -> Question:
    """A valid question of this kind, created through question_create."""
    kwargs = {**QUESTION_KWARGS[kind], **overrides}
    return services.question_create(bank=bank, kind=kind, **kwargs)


def quiz_make(*, kinds=("single",), **settings) -> Quiz:
    """A quiz whose pool holds one question of each kind given, in that order."""
    bank = QuestionBankFactory()
    quiz = services.quiz_create(bank=bank, title="Quiz")
    questions = [question_make(bank=bank, kind=kind) for kind in kinds]
    services.quiz_questions_set(quiz=quiz, questions=questions)
    # Settings last: a random draw count is checked against the pool.
    return services.quiz_update(quiz=quiz, **settings)


def wrong_payload(aq: AttemptQuestion) -> dict:
    """A well-formed payload that is wrong."""
    question = aq.question
    choices = {c.pk: c for c in question.choices.all()}
    shown = aq.choice_order
    kind = question.kind
    if kind in ("single", "true_false"):
        return {
            "choice": next(
                i for i, pk in enumerate(shown) if not choices[pk].is_correct
            )
        }
    if kind == "multiple":
        return {
            "choices": [i for i, pk in enumerate(shown) if not choices[pk].is_correct]
        }
    if kind == "short_text":
        return {"text": "professeur"}
    if kind == "number":
        return {"number": "99"}
    if kind == "ordering":
        return {"order": list(range(len(shown)))}  # the shown order is never right
    right = [aq.option_order.index(pk) for pk in shown]
    return {"matches": right[1:] + right[:1]}


def attempts_use_up(*, quiz: Quiz, user) -> None:
    """Starts and hands in (wrong) every attempt the learner has left."""
    from quizzes.selectors import attempts_left

    while attempts_left(quiz=quiz, user=user):
        attempt = services.attempt_start(quiz=quiz, user=user)
        for aq in attempt.attempt_questions.select_related("question").prefetch_related(
            "question__choices"
        ):
            services.answer_save(
                attempt=attempt, position=aq.position, payload=wrong_payload(aq)
            )
        services.attempt_submit(attempt=attempt)
