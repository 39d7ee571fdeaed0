import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.csp import LazyNonce

from genesis_site.page_cache import (
    VERSION_CHECK_SECONDS,
    VERSION_KEY,
    AnonymousPageCacheMiddleware,
    bump_content_version,
    serve_stored_pages,
)
from tests.factories import (
    make_centre,
    make_enquiry,
    make_glossary_term,
    make_site_page,
    make_superuser,
    make_therapy,
)
from therapies.models import PageFeedback


class CacheTestMixin:
    def setUp(self):
        super().setUp()
        cache.clear()
        self.addCleanup(cache.clear)
        # A new content version, as after a publication: what earlier tests stored (in this
        # worker's memory too) is never read again.
        bump_content_version()

    def queries_for(self, url, **kwargs) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, **kwargs)
        self.assertEqual(response.status_code, 200)
        return len(queries)


@override_settings(PAGE_CACHE_SECONDS=60)
class AnonymousPageCacheTests(CacheTestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.centre = make_centre(name="Windsor")
        cls.page = make_site_page(title="About us")

    def test_content_pages_are_served_from_the_cache_the_second_time(self):
        for url in (
            reverse("pages:home"),
            self.therapy.get_absolute_url(),
            reverse("therapies:list"),
            self.page.get_absolute_url(),
            reverse("centres:list"),
            self.centre.get_absolute_url(),
            reverse("centres:specialist_list"),
        ):
            with self.subTest(url=url):
                self.assertGreater(self.queries_for(url), 0)
                self.assertEqual(self.queries_for(url), 0)

    def test_every_visitor_gets_the_same_bytes_with_no_nonce_to_share(self):
        url = self.therapy.get_absolute_url()
        first, second, third = (self.client.get(url) for _ in range(3))
        self.assertEqual(second.content, first.content)
        self.assertEqual(third.content, first.content)
        for response in (first, second, third):
            self.assertNotIn("nonce", response.text)
            self.assertNotIn("nonce", response["Content-Security-Policy"])
            self.assertEqual(int(response["Content-Length"]), len(response.content))

    def test_cached_pages_keep_their_security_headers(self):
        url = reverse("pages:home")
        first, cached = self.client.get(url), self.client.get(url)
        for header in ("X-Frame-Options", "Permissions-Policy", "Referrer-Policy"):
            self.assertEqual(cached[header], first[header])

    def test_publishing_a_change_shows_at_once(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            self.therapy.title = "Lutetium-177 therapy"
            self.therapy.save()
        self.assertContains(self.client.get(url), "Lutetium-177 therapy")

    def test_a_change_to_any_content_model_renews_every_page(self):
        home = reverse("pages:home")
        self.client.get(home)
        with self.captureOnCommitCallbacks(execute=True):
            make_centre(name="Oxford")
        self.assertGreater(self.queries_for(home), 0)

    def test_records_no_page_shows_leave_the_cache_alone(self):
        home = reverse("pages:home")
        self.client.get(home)
        with self.captureOnCommitCallbacks(execute=True):
            PageFeedback.objects.create(therapy=self.therapy, helpful=True)
            # The enquiries app is in the sitemap (its form) but no page shows an enquiry.
            make_enquiry()
        self.assertEqual(self.queries_for(home), 0)

    def test_a_glossary_change_renews_the_pages_that_explain_it(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            make_glossary_term(term="PRRT")
        self.assertGreater(self.queries_for(url), 0)

    def test_unpublishing_removes_the_page_at_once(self):
        url = self.page.get_absolute_url()
        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            self.page.delete()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_nothing_changes_until_the_change_is_committed(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=False):
            self.therapy.title = "Not committed yet"
            self.therapy.save()
            self.assertEqual(self.queries_for(url), 0)

    def test_campaign_links_share_the_cached_page(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url)
        self.assertEqual(self.queries_for(url, query_params={"utm_source": "newsletter"}), 0)

    def test_other_query_strings_reach_the_view(self):
        url = reverse("centres:list")
        self.client.get(url, {"postcode": "SL4 3HD"})
        self.assertGreater(self.queries_for(url, query_params={"postcode": "SL4 3HD"}), 0)


@override_settings(PAGE_CACHE_SECONDS=60)
class PersonalPagesAreNeverCachedTests(CacheTestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy()

    def assertNeverCached(self, url, **kwargs):
        self.client.get(url, **kwargs)
        self.assertGreater(self.queries_for(url, **kwargs), 0)

    def test_the_enquiry_form(self):
        self.assertNeverCached(reverse("enquiries:create"))

    def test_signed_in_staff_see_pages_fresh(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url)
        self.client.force_login(make_superuser())
        self.assertGreater(self.queries_for(url), 0)

    def test_visitors_with_a_message_waiting(self):
        self.client.cookies["messages"] = "anything"
        self.assertNeverCached(reverse("pages:home"))

    def test_the_admin_and_healthz(self):
        self.client.force_login(make_superuser())
        self.assertNeverCached(reverse("admin:index"))
        self.client.logout()
        self.client.get("/healthz")
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/healthz")
        self.assertGreater(len(queries), 0)


@override_settings(PAGE_CACHE_SECONDS=60)
class CacheRulesTests(CacheTestMixin, TestCase):
    """The rules for what may be stored, with stand-in responses for a public page."""

    def serve(self, make_response, **headers):
        """Two visits to the home page; how many times the view ran."""
        calls = []

        def view(request):
            calls.append(request)
            return make_response()

        middleware = AnonymousPageCacheMiddleware(view)
        responses = [middleware(RequestFactory().get("/", headers=headers)) for _ in range(2)]
        return len(calls), responses

    def test_a_plain_public_page_is_stored(self):
        calls, _ = self.serve(lambda: HttpResponse("Home"))
        self.assertEqual(calls, 1)

    def test_responses_that_set_a_cookie_or_forbid_storing_are_not(self):
        def with_cookie():
            response = HttpResponse("Home")
            response.set_cookie("csrftoken", "x")
            return response

        for make_response in (
            with_cookie,
            lambda: HttpResponse("Home", headers={"Cache-Control": "private"}),
            lambda: HttpResponse("Home", headers={"Cache-Control": "no-store"}),
            lambda: HttpResponse("Home", headers={"Cache-Control": "max-age=0"}),
            lambda: HttpResponse("Home", headers={"Vary": "*"}),
            lambda: HttpResponse("Oops", status=404),
        ):
            calls, _ = self.serve(make_response)
            self.assertEqual(calls, 2)

    def test_a_page_that_varies_is_stored_once_per_value(self):
        def by_language():
            return HttpResponse("Home", headers={"Vary": "Accept-Language"})

        calls, _ = self.serve(by_language, accept_language="en-GB")
        self.assertEqual(calls, 1)
        calls, _ = self.serve(by_language, accept_language="cy")
        self.assertEqual(calls, 1, "Welsh stored separately")
        calls, _ = self.serve(by_language, accept_language="en-GB")
        self.assertEqual(calls, 0, "English still stored")

    def test_a_page_that_varies_on_cookies_is_stored_per_cookie_but_not_csrf_token(self):
        def by_cookie():
            return HttpResponse("Home", headers={"Vary": "Cookie"})

        self.assertEqual(self.serve(by_cookie)[0], 1)
        self.assertEqual(self.serve(by_cookie, cookie="csrftoken=abc")[0], 0)
        self.assertEqual(self.serve(by_cookie, cookie="theme=dark")[0], 1)

    def test_a_stored_page_is_renewed_after_page_cache_seconds(self):
        calls = []

        def view(request):
            calls.append(request)
            return HttpResponse("Centres: open now")

        worker = AnonymousPageCacheMiddleware(view)
        with time_machine.travel(0, tick=False) as clock:
            worker(RequestFactory().get("/"))
            clock.shift(59)
            worker(RequestFactory().get("/"))
            self.assertEqual(len(calls), 1)
            clock.shift(2)
            worker(RequestFactory().get("/"))
        self.assertEqual(len(calls), 2, "renewed even though this worker kept it in memory")

    def test_a_change_published_through_another_worker_shows_within_a_second(self):
        calls = []

        def view(request):
            calls.append(request)
            return HttpResponse("Home")

        workers = [AnonymousPageCacheMiddleware(view) for _ in range(2)]
        with time_machine.travel(0, tick=False) as clock:
            for worker in workers:
                worker(RequestFactory().get("/"))
            self.assertEqual(len(calls), 1, "the second worker found the first one's copy")
            # Another process publishes: only the shared cache knows.
            cache.set(VERSION_KEY, cache.get(VERSION_KEY) + 1, None)
            clock.shift(VERSION_CHECK_SECONDS)
            for worker in workers:
                worker(RequestFactory().get("/"))
        self.assertEqual(len(calls), 2)

    def test_the_worker_that_publishes_shows_the_change_at_once(self):
        calls = []

        def view(request):
            calls.append(request)
            return HttpResponse("Home")

        worker = AnonymousPageCacheMiddleware(view)
        worker(RequestFactory().get("/"))
        bump_content_version()
        worker(RequestFactory().get("/"))
        self.assertEqual(len(calls), 2)

    def test_a_page_that_used_a_nonce_is_never_stored(self):
        # Every visitor would get the same nonce: whoever saw it could inject a script.
        calls = []

        def view(request):
            calls.append(request)
            request._csp_nonce = LazyNonce()
            return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

        middleware = AnonymousPageCacheMiddleware(view)
        for _ in range(2):
            middleware(RequestFactory().get("/"))
        self.assertEqual(len(calls), 2)

    def test_requests_the_rest_of_the_stack_turns_away_reach_it(self):
        # The page cache answers first, so it must not answer what security refuses.
        with self.settings(SECURE_SSL_REDIRECT=True):
            calls, _ = self.serve(lambda: HttpResponse("Home"))
        self.assertEqual(calls, 2, "plain HTTP is redirected to HTTPS")
        calls, _ = self.serve(lambda: HttpResponse("Home"), host="attacker.example")
        self.assertEqual(calls, 2, "a host outside ALLOWED_HOSTS gets a 400")

    def test_turned_off_with_zero_seconds(self):
        with self.settings(PAGE_CACHE_SECONDS=0):
            calls, _ = self.serve(lambda: HttpResponse("Home"))
        self.assertEqual(calls, 2)


@override_settings(PAGE_CACHE_SECONDS=60)
class HostAndRulesTests(CacheTestMixin, TestCase):
    """The page cache keys on the host name alone, and never pushes out the entries that
    enforce a rule (one answer a day to "Was this page helpful?")."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy()
        cls.feedback_url = reverse("therapies:feedback", kwargs={"slug": cls.therapy.slug})

    def answer(self):
        self.client.post(
            self.feedback_url,
            {"helpful": "yes"},
            REMOTE_ADDR="198.51.100.7",
            headers={"sec-fetch-site": "same-origin"},
        )

    def test_one_copy_per_host_name_whatever_the_port_or_letter_case(self):
        url = self.therapy.get_absolute_url()
        self.client.get(url, headers={"host": "localhost:8000"})
        self.assertEqual(self.queries_for(url, headers={"host": "LocalHost:1"}), 0)
        self.assertEqual(self.queries_for(url, headers={"host": "localhost"}), 0)

    def test_visits_under_many_ports_do_not_let_a_visitor_answer_twice_a_day(self):
        self.answer()
        for port in range(1, 451):
            self.client.get(self.therapy.get_absolute_url(), headers={"host": f"localhost:{port}"})
        self.answer()
        self.assertEqual(PageFeedback.objects.count(), 1)

    def test_emptying_the_page_cache_does_not_let_a_visitor_answer_twice_a_day(self):
        self.answer()
        cache.clear()
        self.answer()
        self.assertEqual(PageFeedback.objects.count(), 1)


@override_settings(PAGE_CACHE_SECONDS=60)
class HTTPCachingTests(CacheTestMixin, TestCase):
    """Anonymous content pages can be kept by a CDN or proxy and checked back cheaply."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy")

    def test_content_pages_are_public_for_shared_caches_and_checked_by_browsers(self):
        for url in (reverse("pages:home"), self.therapy.get_absolute_url()):
            for visit in ("rendered", "from the cache"):
                with self.subTest(url=url, visit=visit):
                    response = self.client.get(url)
                    self.assertEqual(
                        set(response["Cache-Control"].split(", ")),
                        {"public", "max-age=0", "s-maxage=60"},
                    )
                    self.assertRegex(response["ETag"], r'^"[0-9a-f]{32}"$')
                    self.assertTrue(response["Last-Modified"].endswith(" GMT"))

    def test_a_copy_still_current_gets_304_not_modified(self):
        url = self.therapy.get_absolute_url()
        first = self.client.get(url)
        for headers in (
            {"if-none-match": first["ETag"]},
            {"if-modified-since": first["Last-Modified"]},
        ):
            with self.subTest(headers=headers):
                with CaptureQueriesContext(connection) as queries:
                    again = self.client.get(url, headers=headers)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
                self.assertEqual(again["ETag"], first["ETag"])
                self.assertEqual(len(queries), 0)

    def test_after_publishing_the_old_copy_gets_the_new_page(self):
        url = self.therapy.get_absolute_url()
        first = self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            self.therapy.title = "Lutetium-177 therapy"
            self.therapy.save()
        response = self.client.get(url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lutetium-177 therapy")
        self.assertNotEqual(response["ETag"], first["ETag"])

    def test_personal_and_staff_pages_are_not_public(self):
        staff = make_superuser()
        self.assertNotIn("public", self.client.get(reverse("enquiries:create"))["Cache-Control"])
        self.client.force_login(staff)
        for url in (self.therapy.get_absolute_url(), self.therapy.get_preview_url()):
            with self.subTest(url=url):
                self.assertNotIn("public", self.client.get(url).get("Cache-Control", ""))


@override_settings(PAGE_CACHE_SECONDS=60)
class OutermostLayerTests(CacheTestMixin, TestCase):
    """genesis_site/wsgi.py answers stored pages before Django's handler; the rest reach it."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy")

    def setUp(self):
        super().setUp()
        self.url = self.therapy.get_absolute_url()
        self.reached_django = []
        self.application = serve_stored_pages(self.django)

    def django(self, environ, start_response):
        self.reached_django.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"From Django"]

    def visit(self, **headers):
        environ = RequestFactory().get(self.url, headers=headers).environ
        if not environ.get("HTTP_COOKIE"):
            del environ["HTTP_COOKIE"]  # a browser with no cookies sends no Cookie header
        answer = {}

        def start_response(status, response_headers):
            answer.update(status=status, headers=dict(response_headers))

        answer["body"] = b"".join(self.application(environ, start_response))
        return answer

    def test_a_stored_page_is_answered_whole_without_reaching_django(self):
        stored = self.client.get(self.url)  # Django renders it and stores it
        answer = self.visit()
        self.assertEqual(self.reached_django, [])
        self.assertEqual(answer["status"], "200 OK")
        self.assertEqual(answer["body"], stored.content)
        for header in ("Content-Security-Policy", "ETag", "Cache-Control", "Content-Type"):
            with self.subTest(header=header):
                self.assertEqual(answer["headers"][header], stored[header])

    def test_with_cookies_or_a_query_string_a_stored_page_is_found_all_the_same(self):
        stored = self.client.get(self.url)
        for headers in ({"cookie": "analytics=1"}, {"cookie": f"{settings.CSRF_COOKIE_NAME}=x"}):
            with self.subTest(headers=headers):
                # Stored per cookie (pages vary on them), except the CSRF token's.
                self.client.cookies.load(headers["cookie"])
                self.client.get(self.url)
                self.client.cookies.clear()
                self.assertEqual(self.visit(**headers)["body"], stored.content)
        self.url += "?utm_source=newsletter"
        self.assertEqual(self.visit()["body"], stored.content)
        self.assertEqual(self.reached_django, [])

    def test_a_copy_still_current_gets_304_from_the_outermost_layer(self):
        etag = self.client.get(self.url)["ETag"]
        answer = self.visit(if_none_match=etag)
        self.assertEqual(answer["status"], "304 Not Modified")
        self.assertEqual(answer["body"], b"")
        self.assertEqual(self.reached_django, [])

    def test_signed_in_visitors_and_pages_not_stored_yet_reach_django(self):
        self.assertEqual(self.visit()["body"], b"From Django")  # not stored yet
        self.client.get(self.url)
        signed_in = self.visit(cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
        self.assertEqual(signed_in["body"], b"From Django")
        self.assertEqual(self.reached_django, [self.url, self.url])

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_with_the_page_cache_off_everything_reaches_django(self):
        self.visit()
        self.assertEqual(self.reached_django, [self.url])
