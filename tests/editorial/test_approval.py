"""Two people for every clinical sign-off: a submitted draft, approved by someone who did not
change it last. Tried through the admin, as reviewers would."""

from django.test import TestCase
from django.urls import reverse

from editorial.publishing import Status
from tests.editorial.admin_forms import change_form_data
from tests.factories import (
    make_clinical_reviewer,
    make_marketing_editor,
    make_staff_user,
    make_therapy,
)
from therapies.models import Therapy

APPROVE = "Approve and publish</button>"
NOT_SUBMITTED = "This draft has not been submitted for clinical review"
OWN_CHANGE = "You made the last change to this draft, so another clinical reviewer must approve it"


def admin_url(name: str, page) -> str:
    return reverse(f"admin:therapies_therapy_{name}", args=[page.pk])


class TwoPersonApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Live title")
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.second_reviewer = make_clinical_reviewer()

    def edit(self, user, *, submit: bool) -> Therapy:
        """``user`` opens a draft in the admin, changes its title and saves it (and submits it)."""
        self.client.force_login(user)
        self.client.post(admin_url("start_draft", self.therapy))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        data = change_form_data(self.client.get(admin_url("change", draft)))
        button = {"_submit": "Save and submit"} if submit else {"_continue": "Save draft"}
        self.client.post(admin_url("change", draft), data | {"title": "Draft title"} | button)
        draft.refresh_from_db()
        return draft

    def approve(self, user, draft):
        """``user`` opens the review page and presses "Approve and publish", shown or not."""
        self.client.force_login(user)
        review = self.client.get(admin_url("publish", draft))
        response = self.client.post(
            admin_url("publish", draft),
            {
                "action": "publish",
                "next_review_due": "01/01/2099",
                "seen": review.context["form"]["seen"].value(),
            },
            follow=True,
        )
        return review, response

    def live_title(self) -> str:
        return Therapy.objects.get(pk=self.therapy.pk).title

    def test_a_reviewer_cannot_approve_a_draft_they_changed_last(self):
        draft = self.edit(self.reviewer, submit=True)
        self.assertEqual(draft.status, Status.IN_REVIEW)

        review, response = self.approve(self.reviewer, draft)

        self.assertContains(review, OWN_CHANGE)
        self.assertNotContains(review, APPROVE)
        self.assertContains(review, "Return to the editor</button>")
        self.assertContains(response, OWN_CHANGE)
        self.assertEqual(self.live_title(), "Live title")

    def test_superusers_cannot_approve_their_own_change_either(self):
        superuser = make_staff_user(is_superuser=True)
        draft = self.edit(superuser, submit=True)

        review, response = self.approve(superuser, draft)

        self.assertContains(review, OWN_CHANGE)
        self.assertContains(response, OWN_CHANGE)
        self.assertEqual(self.live_title(), "Live title")

    def test_a_draft_not_submitted_cannot_be_approved(self):
        draft = self.edit(self.editor, submit=False)
        self.assertEqual(draft.status, Status.DRAFT)

        review, response = self.approve(self.reviewer, draft)

        self.assertContains(review, NOT_SUBMITTED)
        self.assertNotContains(review, APPROVE)
        self.assertNotContains(review, 'name="next_review_due"')
        self.assertContains(response, NOT_SUBMITTED)
        self.assertEqual(self.live_title(), "Live title")

    def test_a_second_reviewer_approves_a_submitted_draft(self):
        draft = self.edit(self.reviewer, submit=True)

        review, response = self.approve(self.second_reviewer, draft)

        self.assertContains(review, APPROVE)
        self.assertNotContains(review, OWN_CHANGE)
        self.assertContains(response, "Approved and published.")
        self.assertEqual(self.live_title(), "Draft title")

    def test_the_reviewer_approves_what_an_editor_wrote_and_submitted(self):
        draft = self.edit(self.editor, submit=True)

        _review, response = self.approve(self.reviewer, draft)

        self.assertContains(response, "Approved and published.")
        self.assertEqual(self.live_title(), "Draft title")
