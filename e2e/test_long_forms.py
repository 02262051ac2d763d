"""Long forms through the real HTTP server: a body that arrives in several chunks keeps its CSRF
token and its text (a 10,000-character case note, a complaint at its length limit).

Plain HTTP with a cookie jar, no browser: what matters is how the server reads a large body.
"""
import http.cookiejar
import os
import re
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


if __name__ == "__main__":
    unittest.main()
