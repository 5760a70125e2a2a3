"""Quizzes: question banks, quizzes and learners' attempts (no course knowledge)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionBank(models.Model):
    """The questions a course's quizzes draw from (the course holds the link)."""

    title = models.CharField(_("titre"), max_length=200)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("banque de questions")
        verbose_name_plural = _("banques de questions")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question with its answer key, which never leaves the server unreviewed."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("une seule bonne réponse")
        MULTIPLE = "multiple", _("plusieurs bonnes réponses")
        TRUE_FALSE = "true_false", _("vrai ou faux")
        SHORT_TEXT = "short_text", _("réponse courte")
        NUMBER = "number", _("nombre")
        ORDERING = "ordering", _("remettre dans l'ordre")
        MATCHING = "matching", _("associer")

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text_markdown = models.TextField(_("question"))
    text_html = models.TextField(editable=False, blank=True)
    renderer_version = models.PositiveSmallIntegerField(editable=False, default=0)
    image = models.ImageField(_("image"), upload_to="quizzes/images/", blank=True)
    image_alt = models.CharField(
        _("texte alternatif de l'image"), max_length=200, blank=True
    )
    feedback_markdown = models.TextField(_("explication"), blank=True)
    feedback_html = models.TextField(editable=False, blank=True)
    accepted_answers = models.JSONField(
        _("réponses acceptées"), default=list, blank=True
    )
    number_answer = models.DecimalField(
        _("réponse"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    number_tolerance = models.DecimalField(
        _("tolérance"), max_digits=18, decimal_places=6, default=0
    )
    # DigComp codes ("1.1") as text: quizzes may not import skills; courses checks them.
    competence_codes = models.JSONField(_("compétences"), default=list, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["bank", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="quizzes_question_image_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(number_tolerance__gte=0),
                name="quizzes_question_tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.text_markdown[:80]


class Choice(models.Model):
    """A choice, an item to order (position is the right order) or a matching pair."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("texte"), max_length=300)
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    feedback = models.CharField(_("explication"), max_length=500, blank=True)
    match_text = models.CharField(_("à associer avec"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("choix")
        verbose_name_plural = _("choix")

    def __str__(self) -> str:
        return self.text


class Quiz(models.Model):
    """A graded quiz: which questions, how they are shown, and when answers show."""

    class Selection(models.TextChoices):
        FIXED = "fixed", _("toutes les questions, dans l'ordre")
        RANDOM = "random", _("tirées au hasard à chaque tentative")

    class Display(models.TextChoices):
        ONE_PER_PAGE = "one_per_page", _("une question par page")
        SINGLE_PAGE = "single_page", _("toutes sur une page")

    class ReviewPolicy(models.TextChoices):
        AFTER_EACH = "after_each", _("après chaque tentative")
        AFTER_PASS = "after_pass", _("une fois réussi")
        AFTER_LAST = "after_last", _("après la dernière tentative ou la réussite")
        NEVER = "never", _("jamais")

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="quizzes"
    )
    title = models.CharField(_("titre"), max_length=200)
    selection = models.CharField(
        _("choix des questions"),
        max_length=10,
        choices=Selection.choices,
        default=Selection.FIXED,
    )
    draw_count = models.PositiveSmallIntegerField(
        _("nombre de questions tirées"), null=True, blank=True
    )
    shuffle_choices = models.BooleanField(_("mélanger les réponses"), default=True)
    display = models.CharField(
        _("affichage"),
        max_length=15,
        choices=Display.choices,
        default=Display.ONE_PER_PAGE,
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("seuil de réussite (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("nombre de tentatives"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    review_policy = models.CharField(
        _("correction visible"),
        max_length=12,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_EACH,
    )
    questions = models.ManyToManyField(
        Question, through="QuizQuestion", related_name="quizzes", blank=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quiz")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100),
                name="quizzes_quiz_pass_mark_max_100",
            ),
            models.CheckConstraint(
                # IS NOT NULL spelled out: a NULL comparison would pass the check.
                condition=~models.Q(selection="random")
                | models.Q(draw_count__isnull=False, draw_count__gte=1),
                name="quizzes_quiz_random_draws_some",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True)
                | models.Q(max_attempts__gte=1),
                name="quizzes_quiz_max_attempts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__isnull=True)
                | models.Q(time_limit_minutes__gte=1),
                name="quizzes_quiz_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    """A question in a quiz's pool, at its place in the fixed order."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="pool")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="quiz_links"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quizzes_quizquestion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.position}"


class Attempt(models.Model):
    """One learner's try at a quiz; its questions and their order are fixed at start."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("tentative n°"))
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    deadline = models.DateTimeField(_("à rendre avant"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"))
    correct_count = models.PositiveSmallIntegerField(
        _("bonnes réponses"), null=True, blank=True
    )
    score_percent = models.PositiveSmallIntegerField(
        _("score (%)"), null=True, blank=True
    )
    passed = models.BooleanField(_("réussie"), null=True, blank=True)

    class Meta:
        ordering = ["quiz", "user", "number"]
        verbose_name = _("tentative")
        verbose_name_plural = _("tentatives")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="quizzes_attempt_number_once"
            ),
            # At most one open attempt per learner and quiz, whatever the concurrency.
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(submitted_at__isnull=True),
                name="quizzes_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} – {self.user} #{self.number}"

    @property
    def is_open(self) -> bool:
        """Not submitted yet (it may be past its deadline: submit grades it then)."""
        return self.submitted_at is None

    @property
    def seconds_left(self) -> int | None:
        """Seconds until the deadline by the server's clock (0 once over); None
        without a time limit. The page counts down from it, whatever its clock."""
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - timezone.now()).total_seconds()))


class AttemptQuestion(models.Model):
    """A question as one attempt shows it, with the learner's answer in Choice pks."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="attempt_questions"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="attempt_questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # Choice pks in display order; clients only ever see indexes into these lists.
    choice_order = models.JSONField(default=list)
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    answer_summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_attemptquestion_once"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"],
                name="quizzes_attemptquestion_position_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} – {self.position}"


class AttemptGrant(models.Model):
    """Extra attempts a trainer gave one learner at one quiz, beyond max_attempts;
    one row per grant, so who gave what and when stays on record."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="grants")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempt_grants",
    )
    extra_attempts = models.PositiveSmallIntegerField(
        _("essais en plus"), default=1, validators=[MinValueValidator(1)]
    )
    # Kept when the trainer's account goes: the learner's attempts still count.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_attempt_grants_given",
    )
    granted_at = models.DateTimeField(_("donné le"), default=timezone.now)

    class Meta:
        ordering = ["quiz", "learner", "granted_at", "id"]
        verbose_name = _("essai en plus")
        verbose_name_plural = _("essais en plus")
        indexes = [
            models.Index(fields=["quiz", "learner"], name="quizzes_grant_quiz_learner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extra_attempts__gte=1),
                name="quizzes_attemptgrant_extra_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} – {self.learner} +{self.extra_attempts}"
