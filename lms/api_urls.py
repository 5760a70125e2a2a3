"""Routes of the versioned API (/api/v1/), one include per app."""

from django.urls import path

from certificates.api import (
    CredentialCheckView,
    CredentialDetailView,
    VerificationBulkView,
    VerificationDetailView,
)
from certificates.member_api import MyCertificatesView
from courses.api import (
    CourseDetailView,
    CourseListView,
    EnrollmentCreateView,
    LessonCompleteView,
    MyProgressView,
)
from courses.h5p.api import H5PContentCreateView
from courses.quiz.api import (
    QuizAnswerSaveView,
    QuizAttemptDetailView,
    QuizAttemptResultView,
    QuizAttemptStartView,
    QuizAttemptSubmitView,
)
from members.api import MeView
from reports.api import ReportBreakdownView, ReportIndexView, ReportSummaryView
from sharing.archive_api import CourseArchiveExportView, CourseArchiveImportView
from skills.api import MyPortfolioView, MySkillsView, PartnerMembersView
from stories.api import (
    MyStoriesView,
    MyStorySubmitView,
    MyStoryView,
    MyStoryWithdrawView,
    StoryDetailView,
    StoryListView,
)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("me/progress/", MyProgressView.as_view(), name="api-me-progress"),
    path("me/certificates/", MyCertificatesView.as_view(), name="api-me-certificates"),
    path("me/skills/", MySkillsView.as_view(), name="api-me-skills"),
    path("me/portfolio/", MyPortfolioView.as_view(), name="api-me-portfolio"),
    path("me/stories/", MyStoriesView.as_view(), name="api-me-stories"),
    path("me/stories/<slug:slug>/", MyStoryView.as_view(), name="api-me-story"),
    path(
        "me/stories/<slug:slug>/submit/",
        MyStorySubmitView.as_view(),
        name="api-me-story-submit",
    ),
    path(
        "me/stories/<slug:slug>/withdraw/",
        MyStoryWithdrawView.as_view(),
        name="api-me-story-withdraw",
    ),
    path("stories/", StoryListView.as_view(), name="api-story-list"),
    path("stories/<slug:slug>/", StoryDetailView.as_view(), name="api-story-detail"),
    path(
        "partners/members/",
        PartnerMembersView.as_view(),
        name="api-partner-members",
    ),
    path("reports/", ReportIndexView.as_view(), name="api-report-index"),
    path("reports/summary/", ReportSummaryView.as_view(), name="api-report-summary"),
    path(
        "reports/breakdowns/<slug:key>/",
        ReportBreakdownView.as_view(),
        name="api-report-breakdown",
    ),
    path("courses/", CourseListView.as_view(), name="api-course-list"),
    path("courses/<slug:slug>/", CourseDetailView.as_view(), name="api-course-detail"),
    path("enrollments/", EnrollmentCreateView.as_view(), name="api-enrollment-create"),
    path(
        "course-archives/",
        CourseArchiveImportView.as_view(),
        name="api-course-archive-import",
    ),
    path(
        "course-archives/<int:pk>/",
        CourseArchiveExportView.as_view(),
        name="api-course-archive-export",
    ),
    path(
        "lessons/<int:pk>/complete/",
        LessonCompleteView.as_view(),
        name="api-lesson-complete",
    ),
    path(
        "lessons/<int:pk>/quiz-attempts/",
        QuizAttemptStartView.as_view(),
        name="api-quiz-attempt-start",
    ),
    path(
        "quiz-attempts/<int:pk>/",
        QuizAttemptDetailView.as_view(),
        name="api-quiz-attempt-detail",
    ),
    path(
        "quiz-attempts/<int:pk>/answers/<int:position>/",
        QuizAnswerSaveView.as_view(),
        name="api-quiz-answer-save",
    ),
    path(
        "quiz-attempts/<int:pk>/submit/",
        QuizAttemptSubmitView.as_view(),
        name="api-quiz-attempt-submit",
    ),
    path(
        "quiz-attempts/<int:pk>/result/",
        QuizAttemptResultView.as_view(),
        name="api-quiz-attempt-result",
    ),
    path(
        "h5p/contents/", H5PContentCreateView.as_view(), name="api-h5p-content-create"
    ),
    path(
        "certificates/<str:code>/credential",
        CredentialDetailView.as_view(),
        name="api-certificate-credential",
    ),
    path(
        "credentials/verify/",
        CredentialCheckView.as_view(),
        name="api-credential-verify",
    ),
    path(
        "verifications/",
        VerificationBulkView.as_view(),
        name="api-verification-bulk",
    ),
    path(
        "verifications/<str:code>",
        VerificationDetailView.as_view(),
        name="api-verification-detail",
    ),
]
