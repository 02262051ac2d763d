"""Browser journey of the children's complaints channel on the demo data: a child on a phone
(360 px wide) writes without a name to the independent monitor, in Turkmen after a look at the
page in Russian and English; the monitor answers; the child reads the answer with the tracking
code. Run with the other browser tests."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import BrowserTestCase

CHILD_TITLES = {"tk": "Çagalar üçin: bize ýaz", "ru": "Для детей: напиши нам", "en": "For children: write to us"}
TRACK_TITLE = "Jogaby okamak"
LIST_TITLE = "Çagalaryň şikaýatlary"
TEXT = "Bizi mekdepde her gün masgaralaýarlar. Mugallym hiç zat diýmeýär."
ANSWER = "Salam! Biz mekdebe bardyk we müdir bilen gürleşdik. Indi her hepde synp sagady bolar."


class ChildComplaintBrowserTests(BrowserTestCase):
    def scroll_to(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        return element

    def click(self, selector):
        element = self.scroll_to(self.wait_css(selector))
        element.click()
        return element

    def assert_fits_the_phone(self):
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        inner = self.driver.execute_script("return window.innerWidth")
        self.assertLessEqual(width, inner, f"nothing sticks out sideways at {inner} px ({self.current_path()})")

    def test_40_a_childs_anonymous_complaint_reaches_the_monitor_and_is_answered(self):
        # A phone: 360 px wide, no account.
        self.driver.set_window_size(360, 780)
        self.open("/login")
        self.click("#child-complaint-link")
        self.wait_path("/complaints/child")
        self.assertEqual(self.page_title(), CHILD_TITLES["tk"])
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".user-menu"), "no account is needed")
        self.assert_fits_the_phone()
        self.switch_language("ru", CHILD_TITLES)
        self.switch_language("en", CHILD_TITLES)
        self.assert_fits_the_phone()
        self.switch_language("tk", CHILD_TITLES)

        # Sent empty: told what is missing, in simple words, next to each question.
        self.submit_and_wait_reload("#child-complaint-form", "#child-complaint-submit")
        self.wait_css("#complaint-errors")
        main = self.driver.find_element(By.TAG_NAME, "main").text
        self.assertIn("Näme bolandygyny saýla.", main)
        self.assertIn("Näme bolandygyny ýaz.", main)
        self.assert_fits_the_phone()

        # The whole message: big choices, the etrap, the text, no name.
        self.click("label[for='kind-child_rights']")
        self.click("label[for='recipient-independent_monitor']")
        self.scroll_to(self.driver.find_element(By.ID, "territoryCode"))
        Select(self.driver.find_element(By.ID, "territoryCode")).select_by_value("L-CAR")
        self.scroll_to(self.driver.find_element(By.ID, "text")).send_keys(TEXT)
        self.submit_and_wait_reload("#child-complaint-form", "#child-complaint-submit")
        self.wait_path("/complaints/child/track")
        self.assertEqual(self.page_title(), TRACK_TITLE)
        code = self.wait_css("#tracking-code").text
        self.assertRegex(code, r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")
        self.assertEqual(self.wait_css("#child-status").text, "Aldyk")
        self.wait_css("#child-no-answer")
        self.assertIn("Garaşsyz gözegçi", self.wait_css("#track-status").text)
        self.assert_fits_the_phone()

        # The monitor, at a desk: the complaint waits on the home page and in the list.
        self.driver.delete_all_cookies()
        self.driver.set_window_size(1280, 900)
        self.login("monitor")
        self.click("main a[href='/child-complaints']")
        self.wait_for(lambda d: self.page_title() == LIST_TITLE, "the list of children's complaints")
        row = self.wait_for(
            lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, "#child-complaints tbody tr")
                       if "Meniň hukuklarym bozuldy" in r.text and "16.11.2026" in r.text],
            "today's complaint in the monitor's list")[0]
        self.assertIn("Atsyz", row.text, "written without a name")
        row.find_element(By.TAG_NAME, "a").click()
        self.wait_css("#child-text")
        self.assertEqual(self.driver.find_element(By.ID, "child-text").text, TEXT)
        self.scroll_to(self.driver.find_element(By.ID, "note-resolve")).send_keys(ANSWER)
        self.submit_and_wait_reload("#action-resolve", "#action-resolve button[type=submit]")
        self.assertEqual(self.wait_css("#child-answer").text, ANSWER)
        self.click("#logout-button")
        self.wait_path("/login")

        # The child, on the phone again, types the code and reads the answer.
        self.driver.delete_all_cookies()
        self.driver.set_window_size(360, 780)
        self.open("/complaints/child/track")
        self.wait_css("#child-track-form")
        self.scroll_to(self.driver.find_element(By.ID, "code")).send_keys(code.lower())
        self.submit_and_wait_reload("#child-track-form", "#child-track-submit")
        self.assertEqual(self.wait_css("#child-answer").text, ANSWER)
        self.assertEqual(self.wait_css("#child-status").text, "Jogap berildi")
        self.assertNotIn("Ogulbibi", self.driver.find_element(By.TAG_NAME, "main").text, "not who answered")
        self.assert_fits_the_phone()
