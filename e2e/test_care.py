"""Browser journey of gatekeeping on the demo data, in Çärjew etraby: a social worker brings a
girl of 20 months to the commission for the baby home; the commission, in session with its
quorum, chooses a foster family instead; the placement's first review is set three months on,
and the placements placed five months ago show their reviews overdue. In Turkmen, with the
sitting read in Russian and English on the way."""

import re

from selenium.webdriver.common.by import By

from test_browser import BrowserTestCase

REQUEST_TITLES = {"tk": "Topara haýyş {n}", "ru": "Запрос в комиссию {n}", "en": "Request to the commission {n}"}


class CareBrowserTests(BrowserTestCase):
    def scroll(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        return element

    def click(self, selector):
        element = self.scroll(self.wait_css(selector))
        self.driver.execute_script("arguments[0].click()", element)

    def fill(self, selector, text):
        field = self.scroll(self.driver.find_element(By.CSS_SELECTOR, selector))
        field.clear()
        field.send_keys(text)

    def choose(self, selector, value):
        self.driver.execute_script(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
            selector, value)

    def choose_label(self, selector, text):
        options = self.driver.find_elements(By.CSS_SELECTOR, f"{selector} option")
        value = next(o.get_attribute("value") for o in options if text in o.text)
        self.choose(selector, value)

    def tick(self, selector):
        self.driver.execute_script("document.querySelector(arguments[0]).checked = true", selector)

    def relogin(self, username):
        self.click("#logout-button")
        self.wait_path("/login")
        self.login(username)

    def test_30_a_child_under_3_goes_to_a_foster_family_instead_of_the_baby_home(self):
        self.login("worker.lebap")
        self.open("/people?q=Gülälek")
        link = self.wait_for(lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, "main table a") if "Gülälek" in a.text],
                             "Gülälek in the search results")[0]
        link.click()
        self.click("#bring-to-commission")
        self.wait_css("form.form #type")
        # The form warns that she is under 3 and asks for the exception.
        self.wait_css(".warning")
        self.choose("#type", "residential")
        self.choose_label("#setting", "bäbekler öýi")
        self.tick("#reason-abandonment")
        self.fill("#familyAssessment", "Ejesi çagany doglan öýünde galdyrdy; kakasy belli däl.")
        self.fill("#childViews", "Çaga kiçi; ideg edýän şepagat uýasy bilen gürleşildi.")
        for field in ("#alt-family_support", "#alt-kinship", "#alt-guardianship"):
            self.fill(field, "Garyndaşlary tapylmady.")
        self.fill("#alt-foster", "Terbiýeçi maşgala entek soralmady.")
        # Without the exception the papers are refused and every word stays.
        self.submit_and_wait_reload("form.form", "form.form button[type=submit]")
        self.assertIn("has-error", self.wait_css("#exception").find_element(By.XPATH, "..").get_attribute("class"))
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "#alt-foster").get_attribute("value"),
                         "Terbiýeçi maşgala entek soralmady.")
        self.choose("#exception", "emergency")
        self.submit_and_wait_reload("form.form", "form.form button[type=submit]")
        title = self.page_title()
        number = re.search(r"CR-\d{4}-\d{5}", title).group(0)
        self.assertEqual(title, REQUEST_TITLES["tk"].format(n=number))

        # The commission member puts her on next week's agenda, takes attendance and decides.
        self.relogin("commission.lebap")
        self.open("/care/sittings")
        self.wait_for(lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, "#care-sittings a") if a.text.endswith("-002")],
                      "the planned sitting")[0].click()
        self.wait_css("#agenda-form")
        self.choose_label("#agenda-form #request", number)
        self.submit_and_wait_reload("#agenda-form", "#agenda-form button[type=submit]")
        for box in self.driver.find_elements(By.CSS_SELECTOR, "#attendance-form input[type=checkbox]"):
            self.driver.execute_script("arguments[0].checked = true", box)
        self.submit_and_wait_reload("#attendance-form", "#attendance-submit")
        self.assertIn("3 / 2", self.wait_css("#quorum").text)
        sitting_path = self.current_path()
        self.switch_language("ru", {"ru": self.page_title().replace("Mejlis", "Заседание")})
        self.switch_language("en", {"en": self.page_title().replace("Заседание", "Sitting")})
        self.switch_language("tk", {"tk": self.page_title().replace("Sitting", "Mejlis")})
        item = f"#item-{number}"
        self.wait_css(item)
        self.assertIn("3 ýaşa çenli", self.driver.find_element(By.CSS_SELECTOR, item).text)
        self.choose(f"#outcome-{number}", "placement")
        self.choose(f"#type-{number}", "foster")
        self.choose(f"#setting-{number}", "")
        self.choose_label(f"#carer-{number}", "Hydyrowa")
        self.fill(f"#legal-{number}", "«Hossarlyk we homaýynlyk hakynda» Kanun")
        self.fill(f"#reasoning-{number}", "Bäbekler öýüniň deregine terbiýeçi maşgala: maşgala taýýar.")
        self.tick(f"#child-heard-{number}")
        self.fill(f"#for-{number}", "3")
        self.submit_and_wait_reload(f"{item} form.decision-form", f"{item} form.decision-form button[type=submit]")
        decision = self.wait_css(f"{item} .decision").text
        self.assertIn("Terbiýeçi maşgala", decision)
        self.assertIn("Hydyrowa", decision)

        # The placement: a foster family, reviewed within three months.
        placement = self.driver.find_element(By.CSS_SELECTOR, f"{item} .decision a")
        self.driver.get(placement.get_attribute("href"))
        details = self.wait_css("#placement-details").text
        self.assertIn("Terbiýeçi maşgala", details)
        self.assertIn("16.02.2027", details)

        # The reviews of the children placed five months ago are overdue on the list.
        self.open("/care/reviews")
        rows = self.wait_css("#care-reviews").text
        self.assertIn("Ataýewa Jemal", rows)
        self.assertIn("Möhleti geçdi", rows)
        self.open(sitting_path + "/minutes")
        self.assertIn(number, self.wait_css("article.minutes").text)
