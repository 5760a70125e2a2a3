"""Reads on courses, by the people who read them; the arrows go one way:
catalogue and teach stand alone, learning builds on nothing here, dashboard on
learning (counts) and teach (the trainer's courses), gradebook on dashboard."""

from .catalogue import (  # noqa: F401 - the package's public reads
    SEARCH_CONFIGS,
    course_catalogue,
    course_for_visitor,
    course_page,
    courses_taught_by,
    missing_prerequisites,
)
from .dashboard import (  # noqa: F401 - the package's public reads
    PROGRESS_BANDS,
    ProgressBand,
    course_learners_progress,
    dashboard_course,
    progress_distribution,
    stuck_after_days,
)
from .gradebook import (  # noqa: F401 - the package's public reads
    CERTIFICATE_ISSUED,
    CERTIFICATE_NONE,
    CERTIFICATE_PREPARING,
    CERTIFICATE_REVOKED,
    ORDER_COMPLETION,
    ORDER_NAME,
    Gradebook,
    GradebookQuiz,
    GradebookRow,
    QuizCell,
    course_gradebook,
    gradebook_groups,
    gradebook_orders,
    gradebook_quizzes,
    gradebook_row,
    gradebook_rows,
)
from .learning import (  # noqa: F401 - the package's public reads
    CourseProgress,
    LearnerHome,
    Lock,
    ModuleProgress,
    Progress,
    Syllabus,
    SyllabusModule,
    course_syllabus,
    enrollment_for_lesson,
    enrollment_progress,
    enrollment_requirements_met,
    enrollments_with_progress,
    grouped_count,
    learner_home,
    lesson_in_course,
    lesson_lock,
    next_lesson,
)
from .teach import (  # noqa: F401 - the package's public reads
    course_for_teacher,
    course_outline,
    course_preview_for_teacher,
    courses_for_teacher,
    lesson_for_teacher,
    module_for_teacher,
)
