"""One-stop staff (seed 000): who works at which desk and since when, their trainings, the
six-monthly knowledge tests and what follows from them (commendation, other work).

A person's history across desks is a list of ``Assignment`` rows with dates, never an edited
field, so "who held this desk on that day" stays answerable after moves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffMember(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_records",
    )
    # The agency whose list the person is on today (denormalised from the open assignment so
    # that every scoped list is one prefix filter).
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="staff_members",
    )
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active = models.BooleanField(_("đang làm việc tại Một cửa"), default=True)
    search_text = models.CharField(max_length=400, default="", editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cán bộ Một cửa")
        verbose_name_plural = _("cán bộ Một cửa")
        ordering = ["agency__path", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="staff_one_record_per_user"
            ),
            models.CheckConstraint(condition=~Q(full_name=""), name="staff_name_required"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:card", args=[self.pk])

    def current_assignment(self) -> Assignment | None:
        return self.assignments.filter(date_to__isnull=True).select_related("desk").first()


class Assignment(models.Model):
    """One stretch at one desk (or in one position) of one agency."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    desk = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("bộ phận Một cửa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("vị trí, chức vụ"), max_length=200)
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["staff", "-date_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=F("date_from")),
                name="assignment_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["staff"], condition=Q(date_to__isnull=True), name="assignment_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.position}"


# -- trainings -----------------------------------------------------------------------------


class Course(models.Model):
    title = models.CharField(_("tên khóa bồi dưỡng"), max_length=300)
    topic = models.CharField(_("nội dung"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    hours = models.PositiveSmallIntegerField(_("số giờ"), default=0)

    class Meta:
        verbose_name = _("khóa bồi dưỡng")
        verbose_name_plural = _("khóa bồi dưỡng")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=300)
    trainer = models.CharField(_("giảng viên"), max_length=200)

    class Meta:
        verbose_name = _("lớp bồi dưỡng")
        verbose_name_plural = _("lớp bồi dưỡng")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.course} · {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(_("có mặt"), default=True)
    certificate_number = models.CharField(_("số chứng nhận"), max_length=64, blank=True)
    certificate_date = models.DateField(_("ngày cấp chứng nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(certificate_number="") | Q(attended=True),
                name="certificate_needs_attendance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.session}"


# -- knowledge tests -----------------------------------------------------------------------


class QuestionTopic(models.Model):
    name = models.CharField(_("chủ đề"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("chủ đề câu hỏi")
        verbose_name_plural = _("chủ đề câu hỏi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    topic = models.ForeignKey(QuestionTopic, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    options = models.JSONField(_("phương án"), default=list)
    answer = models.PositiveSmallIntegerField(_("đáp án đúng (thứ tự phương án, từ 0)"))
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        ordering = ["topic__name", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="question_text")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def answer_letter(self) -> str:
        return "ABCDEF"[self.answer]


class QuestionImport(models.Model):
    """An uploaded bank waiting for confirmation: the commit writes exactly the preview."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Chờ xác nhận")
        COMMITTED = "committed", _("Đã nhập")

    filename = models.CharField(_("tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    preview = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("lần nhập câu hỏi")
        verbose_name_plural = _("lần nhập câu hỏi")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.filename


class TestRound(models.Model):
    """One six-monthly knowledge check of one agency's one-stop staff (seed 000, III.3)."""

    __test__ = False  # not a pytest class, despite its name

    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    half = models.PositiveSmallIntegerField(
        _("đợt"), choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))]
    )
    title = models.CharField(_("tên đợt kiểm tra"), max_length=300)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    duration_minutes = models.PositiveSmallIntegerField(_("thời gian làm bài (phút)"), default=30)
    question_count = models.PositiveSmallIntegerField(_("số câu hỏi"), default=10)
    pass_mark = models.DecimalField(_("điểm đạt (%)"), max_digits=5, decimal_places=2, default=50)
    topics = models.ManyToManyField(QuestionTopic, verbose_name=_("chủ đề"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đợt kiểm tra kiến thức")
        verbose_name_plural = _("đợt kiểm tra kiến thức")
        ordering = ["-year", "-half", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "half"], name="round_per_half"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="round_window"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="round_pass_mark"
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="round_duration"),
            models.CheckConstraint(condition=Q(question_count__gt=0), name="round_questions"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:round", args=[self.pk])

    @property
    def label(self) -> str:
        return f"{self.half}/{self.year}"


class AttemptStatus(models.TextChoices):
    STARTED = "started", _("Đang làm bài")
    SUBMITTED = "submitted", _("Đã nộp bài")
    EXPIRED = "expired", _("Hết giờ (chấm theo bài đã lưu)")


class TestAttempt(models.Model):
    """The one attempt a person has in a round. The clock is the server's: ``deadline_at`` is
    fixed when the test starts and every save and submit is checked against it."""

    __test__ = False  # not a pytest class, despite its name

    round = models.ForeignKey(TestRound, on_delete=models.PROTECT, related_name="attempts")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="attempts")
    seed = models.BigIntegerField()
    question_ids = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.STARTED
    )
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(_("điểm (%)"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("đạt"), null=True)

    class Meta:
        verbose_name = _("bài kiểm tra")
        verbose_name_plural = _("bài kiểm tra")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "staff"], name="one_attempt_per_round"),
            models.CheckConstraint(
                condition=Q(deadline_at__gt=F("started_at")), name="attempt_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="started", passed__isnull=True)
                | (~Q(status="started") & Q(passed__isnull=False) & Q(score__isnull=False)),
                name="attempt_scored_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.round}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.STARTED and timezone.now() < self.deadline_at


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(TestAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_once_per_question")
        ]


class ProposalKind(models.TextChoices):
    COMMENDATION = "commendation", _("Đề nghị biểu dương, khen thưởng")
    REASSIGNMENT = "reassignment", _("Đề nghị bố trí công việc khác")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Chờ lãnh đạo quyết định")
    APPROVED = "approved", _("Lãnh đạo đồng ý")
    REJECTED = "rejected", _("Lãnh đạo không đồng ý")


class Proposal(models.Model):
    """Seed 000, III.3: those who pass "từ 02 lần trở lên" are proposed for commendation, those
    who fail for other work; a leader decides each."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("loại đề nghị"), max_length=16, choices=ProposalKind.choices)
    round = models.ForeignKey(TestRound, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    basis = models.CharField(_("căn cứ"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("ý kiến của lãnh đạo"), blank=True)

    class Meta:
        verbose_name = _("đề nghị sau kiểm tra")
        verbose_name_plural = _("đề nghị sau kiểm tra")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind", "round"], name="proposal_once"),
            models.CheckConstraint(
                condition=Q(status="proposed", decided_at__isnull=True)
                | (~Q(status="proposed") & Q(decided_at__isnull=False)),
                name="proposal_decided_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.staff}"
