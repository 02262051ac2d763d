"""Long forms through the real HTTP server: a body that arrives in several chunks keeps its CSRF
token and its text (a 10,000-character case note, a complaint at its length limit, a CSV
upload of 1,200 rows).

Plain HTTP with a cookie jar, no browser: what matters is how the server reads a large body.
"""
import http.cookiejar
import os
import re
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("GOLDAW_BASE_URL", "http://127.0.0.1:8080").rstrip("/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def get(self, path):
        with self.opener.open(BASE_URL + path, timeout=30) as response:
            return response.status, response.read().decode("utf-8")

    def post(self, path, fields):
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(BASE_URL + path, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location"), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read().decode("utf-8")

    def upload(self, path, fields, filename, content):
        boundary = "goldaw-e2e-boundary"
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                     f'Content-Type: text/csv\r\n\r\n'.encode() + content.encode("utf-8") + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(BASE_URL + path, data=b"".join(parts), method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.headers.get("Location"), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read().decode("utf-8")

    def sign_in(self, username):
        _, page = self.get("/login")
        status, _, _ = self.post("/login", {"_csrf": self.csrf(page), "username": username,
                                            "password": "goldaw-demo", "next": ""})
        assert status == 303, f"{username} signed in"

    @staticmethod
    def csrf(html):
        match = re.search(r'name="_csrf" value="([^"]+)"', html)
        assert match, "the page carries a CSRF token"
        return match.group(1)


class LongFormTests(unittest.TestCase):
    def test_20_a_ten_thousand_character_case_note_is_saved_whole(self):
        client = Client()
        _, page = client.get("/login")
        status, _, _ = client.post("/login", {"_csrf": client.csrf(page), "username": "worker.mary",
                                              "password": "goldaw-demo", "next": ""})
        self.assertEqual(status, 303, "signed in")
        _, cases = client.get("/cases")
        # The first case on her team (others show only that they exist).
        for case_path in dict.fromkeys(re.findall(r'href="(/cases/[0-9A-Fa-f-]{36})"', cases)):
            _, case_page = client.get(case_path)
            found = re.search(r'<form[^>]+action="([^"]+)" id="form-note"', case_page)
            if found:
                break
        self.assertTrue(found, "worker.mary has a case of her own")
        action = found.group(1)
        # Turkmen letters are two bytes in UTF-8 and six once form-encoded: about 40 KB on the wire.
        sentence = "Öýe baryldy, çaga bilen gürrüňdeşlik geçirildi; ejesi iş meýilnamasyny kabul etdi. "
        text = (sentence * (10_000 // len(sentence) + 1))[:9_990] + " SOŇY-42"
        self.assertGreaterEqual(len(text), 10_000 - 10)
        status, location, body = client.post(action, {"_csrf": client.csrf(case_page), "body": text})
        self.assertEqual(status, 303, body[:300])
        _, shown = client.get(case_path)
        self.assertIn("SOŇY-42", shown, "the whole note is saved, to its last word")

    def test_21_a_complaint_at_its_length_limit_is_lodged(self):
        client = Client()
        _, page = client.get("/complaints")
        description = ("Çaga puly üç aý bäri gelmeýär, bank bölümi hem jogap bermeýär. " * 70)[:3_990]
        status, location, body = client.post("/complaints", {
            "_csrf": client.csrf(page), "category": "payment_missing", "subjectKind": "payment",
            "subjectReference": "PR-00000001", "territoryCode": "M-MRY", "description": description,
            "complainantName": "Jahan Annaýewa", "complainantContact": ""})
        self.assertEqual(status, 303, body[:300])

    def test_22_a_file_of_1200_rows_is_checked_and_saved(self):
        client = Client()
        client.sign_in("worker.mary")
        _, page = client.get("/people/import")
        rows = ["household,relationship,surname,given_name,sex,birth_date,territory"]
        # 400 households of three: a head, a spouse and a child. Names are folded before they are
        # compared, so they differ in letters (digits would be dropped and make everyone alike).
        stems = ["Atabaý", "Begmyrat", "Çary", "Durdy", "Gurban", "Hoja", "Jora", "Kakaly", "Meret", "Nury",
                 "Oraz", "Pena", "Rahman", "Saryý", "Taňry", "Ussa", "Wepa", "Ýazmyrat", "Zarip", "Öwez"]
        men = ["Arslan", "Batyr", "Döwlet", "Eziz", "Geldi", "Hemra", "Ilaman", "Jumadurdy", "Kerim", "Leçi",
               "Maksat", "Nazar", "Orazgeldi", "Parahat", "Rejep", "Serdar", "Täçmyrat", "Ussa", "Wepa", "Ýagmyr"]
        women = ["Aýna", "Bägül", "Çemen", "Dursun", "Enejan", "Gülälek", "Humay", "Ogulbike", "Jeren", "Kümüş",
                 "Läle", "Maral", "Näzik", "Ogulgerek", "Patma", "Sona", "Tylla", "Uguljan", "Ýazgül", "Zyba"]
        for n in range(400):
            family = stems[n % 20]
            surname, woman = family + "ow", family + "owa"
            head, wife, child = men[(n // 20) % 20], women[n % 20], men[(n // 20 + 7) % 20]
            rows.append(f"E{n:04d},head,{surname},{head},male,{1 + n % 28:02d}.02.{1960 + n % 30},M-MRY")
            rows.append(f"E{n:04d},spouse,{woman},{wife},female,{1 + n % 28:02d}.04.{1962 + n % 30},M-MRY")
            rows.append(f"E{n:04d},child,{surname},{child},male,{1 + n % 28:02d}.06.{2008 + n % 15},M-MRY")
        status, location, body = client.upload("/people/import", {"_csrf": client.csrf(page), "mode": "valid_only"},
                                               "etrap-1200.csv", "\n".join(rows) + "\n")
        self.assertEqual(status, 303, body[:300])
        _, report = client.get(location)
        self.assertIn(">1200<", report.replace(" ", ""), "the report counts 1,200 rows")
        self.assertIn('id="import-save"', report, "all rows pass, so the file can be saved")
        status, _, body = client.post(location + "/commit", {"_csrf": client.csrf(report)})
        self.assertEqual(status, 303, body[:300])
        # The save runs in the background and the page refreshes itself until it is done.
        deadline = time.time() + 300
        while True:
            _, saved = client.get(location)
            if "400 öý hojalygy, 1200 adam" in saved or time.time() > deadline:
                break
            time.sleep(2)
        self.assertIn("400 öý hojalygy, 1200 adam", saved, "all 400 households and 1,200 people are saved")
        self.assertNotIn('id="import-save"', saved, "a saved file cannot be saved again")


if __name__ == "__main__":
    unittest.main()
