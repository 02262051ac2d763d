"""Browser tests for Goldaw: headless Chromium driven by selenium.

Run by scripts/test against `goldaw serve --demo` on a fresh SQLite file:

    GOLDAW_BASE_URL=http://127.0.0.1:PORT python3 -m unittest discover -s e2e -p 'test_*.py' -v

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)
and the selenium package; scripts/test installs them when missing.

Every test gets its own browser (a fresh profile, so no cookies). On a failure the
screenshot and page source are saved to /tmp/goldaw-e2e-<test>.png/.html.

The demo account `analyst` is locked by test_lockout for the rest of the run:
no other test may use it.
"""

import functools
import json
import os
import re
import sys
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("GOLDAW_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
CHROMIUM = os.environ.get("GOLDAW_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOLDAW_CHROMEDRIVER", "/usr/bin/chromedriver")
DEMO_PASSWORD = "goldaw-demo"
# Generous: the server is a debug build and CI machines have two cores.
WAIT_SECONDS = 20

LOGIN_TITLES = {"tk": "Ulgama giriň", "ru": "Вход в систему", "en": "Sign in"}
HOME_TITLES = {"tk": "Baş sahypa", "ru": "Главная", "en": "Home"}


# --------------------------------------------------------------------------- helpers


def gone(element):
    """Like EC.staleness_of, for chromedriver versions that report a node of a page left behind
    as "does not belong to the document" rather than as a stale element."""
    def check(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            return "does not belong to the document" in str(error)
    return check


def api_token(username, password=DEMO_PASSWORD):
    """POST /api/v1/auth/token and return the bearer token."""
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(
        BASE_URL + "/api/v1/auth/token",
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
            payload = json.load(response)
    except urllib.error.HTTPError as error:
        raise AssertionError(
            f"POST /api/v1/auth/token for {username} answered {error.code}: "
            f"{error.read()[:500]!r}"
        ) from None
    assert payload.get("token"), f"no token in {payload!r}"
    assert payload.get("expiresAt"), f"no expiresAt in {payload!r}"
    return payload["token"]


def api_me(username):
    """GET /api/v1/me as `username`; returns the decoded JSON."""
    request = urllib.request.Request(
        BASE_URL + "/api/v1/me",
        headers={"Authorization": "Bearer " + api_token(username), "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
        me = json.load(response)
    for key in ("id", "username", "role", "scope"):
        assert key in me, f"/api/v1/me for {username} lacks {key!r}: {me!r}"
    assert me["username"] == username, f"/api/v1/me for {username} returned {me!r}"
    return me


def _save_artifacts_on_failure(test_method):
    """Wraps a test so that, while the browser is still open, a failure leaves a
    screenshot and the page source behind (tearDown cannot tell reliably whether
    the test failed on every Python version)."""

    @functools.wraps(test_method)
    def wrapper(self, *args, **kwargs):
        try:
            return test_method(self, *args, **kwargs)
        except unittest.SkipTest:
            raise
        except BaseException:
            self.save_artifacts()
            raise

    return wrapper


class BrowserTestCase(unittest.TestCase):
    """A fresh headless Chromium per test, with waiting helpers."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith("test") and callable(value):
                setattr(cls, name, _save_artifacts_on_failure(value))

    def setUp(self):
        options = Options()
        options.binary_location = CHROMIUM
        for argument in (
            "--headless=new",
            "--no-sandbox",  # we run as root
            "--disable-dev-shm-usage",  # /dev/shm is small in containers
            "--window-size=1280,900",
        ):
            options.add_argument(argument)
        # An explicit driver path keeps Selenium Manager (which would try to
        # download a driver) out of the way: there is no internet here.
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.addCleanup(self.driver.quit)
        self.driver.set_page_load_timeout(60)
        # A new profile has no cookies already; this makes the intent explicit.
        self.driver.delete_all_cookies()

    # ----------------------------------------------------------------- artifacts

    def save_artifacts(self):
        base = f"/tmp/goldaw-e2e-{self._testMethodName}"
        try:
            self.driver.save_screenshot(base + ".png")
            with open(base + ".html", "w", encoding="utf-8") as handle:
                handle.write(self.driver.page_source)
            print(
                f"\n[e2e] {self._testMethodName} failed at {self.driver.current_url}; "
                f"saved {base}.png and {base}.html",
                file=sys.stderr,
            )
        except Exception as error:  # the browser itself may be what broke
            print(f"\n[e2e] could not save artifacts for {self._testMethodName}: {error}", file=sys.stderr)

    # ----------------------------------------------------------------- waiting

    def wait_for(self, condition, description):
        """Waits until condition(driver) is truthy and returns its value; on
        timeout fails with `description` instead of a bare TimeoutException."""
        try:
            return WebDriverWait(
                self.driver,
                WAIT_SECONDS,
                ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
            ).until(condition)
        except TimeoutException:
            pass  # fail below, outside the handler, to keep the traceback short
        self.fail(
            f"timed out after {WAIT_SECONDS}s waiting for {description} "
            f"(url {self.driver.current_url}, title {self.page_title()!r}, lang {self.page_lang()!r})"
        )

    def wait_css(self, selector):
        return self.wait_for(
            EC.presence_of_element_located((By.CSS_SELECTOR, selector)), f"element {selector!r}"
        )

    def wait_path(self, path):
        return self.wait_for(lambda d: self.current_path() == path, f"the browser to be at {path}")

    def current_path(self):
        url = self.driver.current_url
        match = re.match(r"^[a-z]+://[^/]+(/[^?#]*)?", url)
        return (match.group(1) or "/") if match else url

    def page_lang(self):
        try:
            return self.driver.execute_script("return document.documentElement.lang")
        except Exception:
            return None

    def page_title(self):
        """Text of h1#page-title, or None while there is none."""
        try:
            return self.driver.find_element(By.CSS_SELECTOR, "#page-title").text.strip()
        except (NoSuchElementException, StaleElementReferenceException):
            return None

    def open(self, path):
        self.driver.get(BASE_URL + path)

    def submit_and_wait_reload(self, form_selector, button_selector):
        """Clicks a submit button and waits until the old page is gone, so the
        next lookups cannot see the previous page's elements."""
        form = self.driver.find_element(By.CSS_SELECTOR, form_selector)
        button = self.driver.find_element(By.CSS_SELECTOR, button_selector)
        # Long forms put the button below the fold, under the sticky header: bring it to the middle.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
        button.click()

        def reloaded(_driver):
            # Chromium sometimes reports a replaced page as an inspector error instead of a
            # stale element; both mean the old form is gone.
            try:
                form.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return True
                raise

        self.wait_for(reloaded, f"the page to reload after submitting {form_selector}")

    # ----------------------------------------------------------------- app actions

    def switch_language(self, code, titles):
        """Clicks the switcher link for `code` and waits for the reloaded page in
        that language, whose title must be titles[code]."""
        link = self.wait_for(
            EC.element_to_be_clickable((By.CSS_SELECTOR, f'.lang-switch a[hreflang="{code}"]')),
            f"the {code} language link",
        )
        link.click()
        self.wait_for(
            lambda d: self.page_lang() == code and self.page_title() == titles[code],
            f"the page in {code!r} titled {titles[code]!r}",
        )

    def submit_login(self, username, password):
        """Fills and submits the login form, waiting for the response page."""
        self.open("/login")
        self.wait_css("#login-form")
        username_input = self.driver.find_element(By.CSS_SELECTOR, "#login-form #username")
        username_input.clear()
        username_input.send_keys(username)
        password_input = self.driver.find_element(By.CSS_SELECTOR, "#login-form #password")
        self.assertEqual(password_input.get_attribute("type"), "password")
        password_input.clear()
        password_input.send_keys(password)
        self.submit_and_wait_reload("#login-form", "#login-submit")

    def login(self, username, password=DEMO_PASSWORD):
        """Logs in and waits for the home page."""
        self.submit_login(username, password)
        self.wait_path("/")
        self.wait_for(
            lambda d: self.page_title() == HOME_TITLES.get(self.page_lang()),
            f"the home page after logging in as {username}",
        )

    def assert_error_page(self, code):
        self.wait_css(".error-page")
        self.wait_for(
            lambda d: d.find_element(By.CSS_SELECTOR, ".error-code").text.strip() == str(code),
            f"an error page with .error-code {code}",
        )


# --------------------------------------------------------------------------- tests


class GoldawBrowserTests(BrowserTestCase):
    def test_1_login_page_in_three_languages(self):
        self.open("/login")
        self.wait_css("#login-form")
        # Whatever the first page's language, its title must match it.
        self.wait_for(
            lambda d: self.page_title() == LOGIN_TITLES.get(self.page_lang()),
            "a login page whose title matches its language",
        )
        for code in ("ru", "en", "tk"):
            self.switch_language(code, LOGIN_TITLES)
            self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#login-form #username"))
            self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#login-form #password"))
            self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#login-form #login-submit"))

        # The choice sticks for an anonymous visitor too.
        self.switch_language("en", LOGIN_TITLES)
        self.open("/login")
        self.wait_for(
            lambda d: self.page_lang() == "en" and self.page_title() == LOGIN_TITLES["en"],
            "the login page to stay in English after a reload",
        )

    def test_2_admin_login_and_logout(self):
        self.login("admin")
        self.assertEqual(self.current_path(), "/")
        menu = self.wait_css(".user-menu")
        self.assertIn("admin", menu.text)
        self.assertTrue(menu.find_elements(By.CSS_SELECTOR, "#logout-button"), ".user-menu has no #logout-button")

        counts = self.driver.find_elements(By.CSS_SELECTOR, ".cards .card .card-count")
        self.assertTrue(counts, "the home page shows no .cards .card .card-count")
        for count in counts:
            text = count.text.strip()
            # Digits, perhaps grouped with spaces, dots or commas ("1 234").
            self.assertRegex(text, r"^\d[\d\s\u00a0\u202f.,]*$", f"card count {text!r} is not a number")

        button = self.driver.find_element(By.CSS_SELECTOR, "#logout-button")
        html = self.driver.find_element(By.TAG_NAME, "html")
        button.click()
        self.wait_for(gone(html), "the page to change after logging out")
        self.wait_path("/login")
        self.wait_css("#login-form")

        # The session is really gone: the home page sends us back to the login.
        self.open("/")
        self.wait_path("/login")
        self.wait_css("#login-form")

    def test_3_language_choice_persists_after_login(self):
        self.login("admin")
        # Russian: it is neither the default nor what a later test picks.
        self.switch_language("ru", HOME_TITLES)

        self.open("/territories")
        self.wait_css(".tree")
        self.wait_for(lambda d: self.page_lang() == "ru", "/territories to be in Russian")

        self.open("/")
        self.wait_for(
            lambda d: self.page_lang() == "ru" and self.page_title() == HOME_TITLES["ru"],
            "the home page to be in Russian",
        )

        # Saved to the account, not only to this browser: a brand-new session
        # (no cookies at all) gets it back after logging in.
        self.driver.delete_all_cookies()
        self.login("admin")
        self.wait_for(
            lambda d: self.page_lang() == "ru" and self.page_title() == HOME_TITLES["ru"],
            "the home page of a new session to be in the account's language (ru)",
        )

    def test_4_lockout_after_five_failures(self):
        # `analyst` is reserved for this test: it stays locked for 15 minutes.
        # No subTest: a failed attempt must stop the test (and leave artifacts).
        for attempt in range(1, 6):
            self.submit_login("analyst", f"wrong-password-{attempt}")
            self.wait_for(
                EC.presence_of_element_located((By.CSS_SELECTOR, '.alert[data-error="invalid"]')),
                f'.alert[data-error="invalid"] after wrong password #{attempt}',
            )
            self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#logout-button"))

        # Even the right password is refused while the lock lasts, with the same answer as a
        # wrong password, so that the page never tells which usernames exist.
        self.submit_login("analyst", DEMO_PASSWORD)
        self.wait_for(
            EC.presence_of_element_located((By.CSS_SELECTOR, '.alert[data-error="invalid"]')),
            '.alert[data-error="invalid"] for the right password on the locked account',
        )
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#logout-button"))
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".cards"))

    def test_5_social_worker_scope(self):
        supervisor = api_me("supervisor.mary")
        outsider = api_me("worker.lebap")
        me = api_me("worker.mary")
        self.assertNotEqual(supervisor["id"], outsider["id"])

        self.login("worker.mary")
        self.assertIn("worker.mary", self.wait_css(".user-menu").text)

        # In scope: same etrap.
        self.open(f"/staff/{supervisor['id']}")
        self.wait_for(lambda d: self.page_title(), "the staff page title")
        self.assertFalse(
            self.driver.find_elements(By.CSS_SELECTOR, ".error-page"),
            f"worker.mary got an error page for supervisor.mary: {self.page_title()!r}",
        )
        full_name = next(
            (supervisor[k] for k in ("fullName", "displayName", "name") if isinstance(supervisor.get(k), str)),
            None,
        )
        if full_name:
            self.assertIn(full_name, self.page_title())
        else:
            # The API does not tell the full name; at least it is not the login name alone.
            self.assertNotEqual(self.page_title(), "supervisor.mary")

        # Out of scope: another velayat. 404, not 403: existence is not revealed.
        self.open(f"/staff/{outsider['id']}")
        self.assert_error_page(404)

        # Not an administrator.
        self.open("/admin/users")
        self.assert_error_page(403)
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, 'a[data-username="worker.lebap"]'))

        # Own page still works after the errors (the session survived them).
        self.open(f"/staff/{me['id']}")
        self.wait_for(lambda d: self.page_title(), "worker.mary's own staff page")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".error-page"))

    def test_6_admin_pages(self):
        self.login("admin")
        # English, whatever test_3 left on the account: names and the audit
        # action are checked as English/Latin text.
        self.switch_language("en", HOME_TITLES)

        self.open("/admin/users")
        self.wait_css("table.data")
        link = self.wait_css('table.data a[data-username="worker.lebap"]')
        self.assertIn("worker.lebap", link.text)
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, 'table.data a[data-username="admin"]'))

        self.open("/territories")
        tree = self.wait_css(".tree")
        self.wait_for(lambda d: "Mary" in tree.text, "'Mary' in the territory tree")

        self.open("/admin/audit")
        self.wait_css("table.data")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.data tbody tr") or self.driver.find_elements(
            By.CSS_SELECTOR, "table.data tr"
        )
        # "admin" also matches a display name such as "Administrator".
        login_rows = [row.text for row in rows if "login" in row.text.lower() and "admin" in row.text.lower()]
        self.assertTrue(
            login_rows,
            "no audit row mentions a login by admin; rows: " + repr([row.text for row in rows[:10]]),
        )


if __name__ == "__main__":
    unittest.main(verbosity=2)


class RegistryBrowserTests(BrowserTestCase):
    """The registry journeys of the demo: find a family whatever the spelling, search before
    registering, and a supervisor merging the duplicate pair the demo leaves in the queue."""

    def result_numbers(self):
        return [cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "#results tbody tr td:nth-child(2)")]

    def search(self, text):
        self.open("/people")
        box = self.wait_css("#q")
        box.clear()
        box.send_keys(text)
        self.submit_and_wait_reload("form.filters", "form.filters button[type=submit]")
        self.wait_css("#results")
        return self.result_numbers()

    def test_7_find_a_family_in_any_script(self):
        self.login("worker.mary")
        latin = self.search("Baýramow Kerim")
        self.assertTrue(latin, "the Latin spelling finds Kerim")
        cyrillic = self.search("Байрамов Керим")
        ascii_ = self.search("bayramov kerim")
        self.assertEqual(set(latin), set(cyrillic), "Cyrillic finds the same records")
        self.assertEqual(set(latin), set(ascii_), "plain ASCII finds the same records")
        self.assertGreaterEqual(len(latin), 2, "both of the demo's records of Kerim are found")
        # A social worker in Mary does not see the Lebap family.
        self.assertEqual(self.search("Çaryýew"), [])

    def test_8_search_before_create(self):
        self.login("worker.mary")
        self.open("/people/new")
        self.wait_css("#surname").send_keys("Öwezowa")
        self.driver.find_element(By.CSS_SELECTOR, "#givenName").send_keys("Enejan")
        self.driver.find_element(By.CSS_SELECTOR, '#sex option[value="female"]').click()
        self.driver.find_element(By.CSS_SELECTOR, "#birthDate").send_keys("19.11.1990")
        self.driver.find_element(By.CSS_SELECTOR, '#territoryCode option[value="M-MRY"]').click()
        self.submit_and_wait_reload("form.form", "#save-person")
        matches = self.wait_css("#possible-matches")
        self.assertIn("Öwezowa Enejan", matches.text, "the existing record is offered before creating a new one")
        # The typed values are kept, so confirming is one click.
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "#surname").get_attribute("value"), "Öwezowa")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#confirm-new"))

    def test_9_supervisor_merges_the_duplicate(self):
        self.login("supervisor.mary")
        self.open("/duplicates")
        link = self.wait_css("#duplicates tbody a")
        self.assertIn("Байрамов", self.driver.find_element(By.CSS_SELECTOR, "#duplicates tbody").text)
        link.click()
        self.wait_css("#merge-button")
        # The merge form asks for confirmation through goldaw.js; accept it.
        self.driver.execute_script("window.confirm = function () { return true; };")
        self.submit_and_wait_reload("form[data-confirm]", "#merge-button")
        self.wait_for(lambda d: self.current_path().startswith("/people/"), "the surviving person's page")
        self.wait_css(".notice")
        self.open("/duplicates")
        self.wait_css("#duplicates")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#duplicates tbody a"), "the queue is empty after the merge")


class BenefitsBrowserTests(BrowserTestCase):
    """The benefits journeys of the demo: the officer takes the application a birth registration
    opened, the approver approves last month's payroll, and anyone lodges a complaint."""

    def click(self, selector):
        """Scrolls an element to the middle of the window (clear of the sticky header) and clicks it."""
        element = self.wait_css(selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()
        return element

    def test_10_officer_takes_the_newborns_child_care_application(self):
        self.login("officer.mary")
        self.open("/benefits/applications?status=intake")
        table = self.wait_css("#applications")
        rows = [row for row in table.find_elements(By.CSS_SELECTOR, "tbody tr") if "Öwezowa" in row.text]
        self.assertEqual(len(rows), 2, "the newborn's birth grant and child-care applications wait for the officer")
        care = [row for row in rows if "3 ýaşyna" in row.text][0]
        care.find_element(By.CSS_SELECTOR, "td a").click()
        self.click("#complete-intake")
        self.wait_css("form.form #channel")
        for box in self.driver.find_elements(By.CSS_SELECTOR, "input[name='documents[]']"):
            if "guardianship" not in box.get_attribute("value"):
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", box)
                box.click()
        self.driver.find_element(By.CSS_SELECTOR, "#channel option[value='bank']").click()
        account = self.driver.find_element(By.CSS_SELECTOR, "#account")
        account.clear()
        account.send_keys("TM21000000402177001")
        self.submit_and_wait_reload("form.form", "#submit-application")
        status = self.wait_css("#application-status")
        self.assertEqual(status.text, "Karara garaşýar")
        self.assertEqual(self.wait_css("#eligibility-verdict").text, "Hukugy bar")
        rules = self.driver.find_elements(By.CSS_SELECTOR, "#eligibility tbody tr")
        self.assertGreaterEqual(len(rules), 5, "every rule is listed with its reason")

    def test_11_approver_approves_last_months_payroll(self):
        self.login("approver.mary")
        self.open("/benefits/payroll")
        table = self.wait_css("#cycles")
        computed = [row for row in table.find_elements(By.CSS_SELECTOR, "tbody tr") if "Hasaplandy" in row.text]
        self.assertEqual(len(computed), 1, "last month's payroll waits for the approver")
        computed[0].find_element(By.CSS_SELECTOR, "td a").click()
        self.click("#approve")
        self.wait_css("#confirm-approve")
        self.assertIn("292,50", self.driver.find_element(By.TAG_NAME, "main").text)
        self.submit_and_wait_reload("form[method=post]", "#confirm-approve")
        self.assertEqual(self.wait_css("#cycle-status").text, "Tassyklandy")

    def test_12_anyone_lodges_a_complaint_and_follows_it(self):
        self.open("/complaints")
        self.wait_css("#complaint-form")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".user-menu"), "no account is needed")
        self.driver.find_element(By.CSS_SELECTOR, "#category option[value='payment_missing']").click()
        self.driver.find_element(By.CSS_SELECTOR, "#subjectKind option[value='payment']").click()
        self.driver.find_element(By.CSS_SELECTOR, "#territoryCode option[value='M-MRY']").click()
        self.driver.find_element(By.CSS_SELECTOR, "#subjectReference").send_keys("PR-00000001")
        self.driver.find_element(By.CSS_SELECTOR, "#description").send_keys("Oktýabr aýynyň çaga puly gelmedi.")
        self.driver.find_element(By.CSS_SELECTOR, "#complainantName").send_keys("Jahan Annaýewa")
        self.submit_and_wait_reload("#complaint-form", "#complaint-submit")
        code = self.wait_css("#tracking-code").text
        self.assertRegex(code, r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")
        status = self.wait_css("#track-status").text
        self.assertNotIn("Jahan", status, "the tracking page shows no personal data")
        self.assertNotIn("Oktýabr", status)


class ServicesBrowserTests(BrowserTestCase):
    """The services journeys of the demo: a family finds help on the public directory, and a
    provider sees the referrals sent to its own organisation only."""

    def test_13_public_directory_without_an_account(self):
        self.open("/directory")
        table = self.wait_css("#services")
        cards = table.find_elements(By.CSS_SELECTOR, "section.card")
        self.assertGreaterEqual(len(cards), 3, "the demo services are listed for the public")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".user-menu"), "no account is needed")

    def test_14_provider_sees_its_incoming_referrals(self):
        self.login("provider.mary")
        self.open("/services/incoming")
        table = self.wait_css("#referrals")
        numbers = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child")]
        self.assertTrue(numbers and all(n.startswith("RF-") for n in numbers), f"referrals to the day centre: {numbers}")
        # Providers never browse the registry.
        self.open("/people")
        self.assert_error_page(403)
