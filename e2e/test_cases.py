"""Browser journey of child protection case management on the demo data: a social worker and
a supervisor take a two-year-old at high risk from identification to closure, in Turkmen, with
the case page checked in Russian and English on the way. Run with the other browser tests."""

import re
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By

from test_browser import BrowserTestCase

CASE_TITLES = {"tk": "Iş {n}", "ru": "Случай {n}", "en": "Case {n}"}


class CaseBrowserTests(BrowserTestCase):
    def click(self, selector):
        element = self.wait_css(selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()
        return element

    def open_details(self, form_id):
        """Opens the <details> around a form (the forms fold away on the case page)."""
        form = self.driver.find_element(By.CSS_SELECTOR, form_id)
        details = form.find_element(By.XPATH, "./ancestor::details")
        if not details.get_attribute("open"):
            summary = details.find_element(By.TAG_NAME, "summary")
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", summary)
            summary.click()

    def fill(self, selector, text):
        field = self.driver.find_element(By.CSS_SELECTOR, selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", field)
        field.clear()
        field.send_keys(text)

    def choose(self, selector, value):
        option = self.driver.find_element(By.CSS_SELECTOR, f"{selector} option[value='{value}']")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", option)
        option.click()

    def tick(self, selector):
        box = self.driver.find_element(By.CSS_SELECTOR, selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", box)
        if not box.is_selected():
            box.click()

    def relogin(self, username):
        self.click("#logout-button")
        self.wait_path("/login")
        self.login(username)

    def step(self):
        return self.wait_css("#case-step").text

    def decide_first_pending(self):
        form = self.wait_css("form[id^='decide-']")
        form_id = "#" + form.get_attribute("id")
        self.submit_and_wait_reload(form_id, f"{form_id} button[value='approve']")

    def test_13_a_child_at_high_risk_from_identification_to_closure(self):
        self.login("worker.mary")
        # Search before create: the child is found in the registry first.
        self.open("/people?q=Merjen")
        link = self.wait_for(lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, "main table a") if "Merjen" in a.text],
                             "Merjen in the search results")[0]
        link.click()
        self.click("#open-case")
        self.wait_css("form.form #source")
        self.choose("#source", "health_visitor")
        self.tick("#concern-neglect")
        self.tick("#urgent")
        self.fill("#summary", "Çaga köp wagtlap ýeke galýar.")
        self.submit_and_wait_reload("form.form", "form.form button[type=submit]")
        title = self.page_title()
        number = re.search(r"MR-\d{4}-\d{6}", title).group(0)
        self.assertEqual(title, CASE_TITLES["tk"].format(n=number))
        self.assertEqual(self.step(), "Ýüze çykarmak we hasaba almak")

        # Consent: a two-year-old, so the caregiver alone.
        self.open_details("#form-consent")
        self.fill("#givenBy", "Gözel Baýramowa")
        for scope in ("services", "information_sharing", "referral"):
            self.tick(f"#scope-{scope}")
        self.submit_and_wait_reload("#form-consent", "#form-consent button[type=submit]")
        self.assertIn("Gözel Baýramowa", self.wait_css("#case-consents").text)

        # Initial assessment at high risk: deadlines appear.
        self.open_details("#form-initial-assessment")
        self.choose("#risk", "high")
        self.fill("#initial-summary", "Ýokary howp.")
        self.submit_and_wait_reload("#form-initial-assessment", "#form-initial-assessment button[type=submit]")
        self.assertEqual(self.wait_css("#case-risk").text, "Ýokary howp")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#case-tasks tbody tr")), 3)

        # First contact, then the needs assessment goes to the supervisor.
        self.open_details("#form-visit")
        self.fill("#visit-summary", "Çagany we ejesini gördük.")
        self.submit_and_wait_reload("#form-visit", "#form-visit button[type=submit]")
        self.open_details("#form-needs-assessment")
        self.fill("#needs-summary", "Goldaw gerek.")
        self.fill("#needs-risks", "Gözegçiliksiz galýar.")
        self.fill("#needs-protective", "Mamasy ýakynda ýaşaýar.")
        self.fill("#needs-views", "Ejesi bilen bolmak isleýär.")
        self.submit_and_wait_reload("#form-needs-assessment", "#form-needs-assessment button[type=submit]")
        case_path = self.current_path()

        # The supervisor sees it waiting and approves; the page reads in Russian and English too.
        self.relogin("supervisor.mary")
        self.assertIn(number, self.wait_css("#home-pending").text)
        self.open(case_path)
        self.switch_language("ru", {"ru": CASE_TITLES["ru"].format(n=number)})
        self.switch_language("en", {"en": CASE_TITLES["en"].format(n=number)})
        self.assertEqual(self.step(), "Assessment")
        self.switch_language("tk", {"tk": CASE_TITLES["tk"].format(n=number)})
        self.decide_first_pending()
        self.assertEqual(self.step(), "Iş meýilnamasy")

        # The worker writes the plan; the supervisor approves it.
        self.relogin("worker.mary")
        self.open(case_path)
        self.open_details("#form-plan")
        self.fill("#goals", "Çaga howpsuz.")
        self.fill("#action1", "Öýe baryşlar")
        self.fill("#responsible1", "Sosial işgär")
        today = (datetime.now(timezone.utc) + timedelta(hours=5)).strftime("%d.%m.%Y")  # Asia/Ashgabat
        self.fill("#start1", today)
        self.fill("#due1", today)
        self.submit_and_wait_reload("#form-plan", "#form-plan button[type=submit]")
        self.relogin("supervisor.mary")
        self.open(case_path)
        self.decide_first_pending()
        self.assertEqual(self.step(), "Meýilnamany ýerine ýetirmek")

        # Follow-up, then closure after an approved request.
        self.relogin("worker.mary")
        self.open(case_path)
        self.open_details("#form-visit")
        self.fill("#visit-summary", "Ýagdaý gowulaşdy.")
        self.submit_and_wait_reload("#form-visit", "#form-visit button[type=submit]")
        self.assertEqual(self.step(), "Gözegçilik we gözden geçirmek")
        self.open_details("#form-closure-request")
        self.fill("#closure-comment", "Meýilnama ýerine ýetirildi.")
        self.submit_and_wait_reload("#form-closure-request", "#form-closure-request button[type=submit]")
        self.relogin("supervisor.mary")
        self.open(case_path)
        self.decide_first_pending()
        self.relogin("worker.mary")
        self.open(case_path)
        self.choose("#closure-reason", "plan_completed")
        self.submit_and_wait_reload("#form-close", "#form-close button[type=submit]")
        self.assertEqual(self.step(), "Ýapyldy")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#form-reopen"), "a closed case can be reopened")
