#!/usr/bin/env python3
"""Source of the interface strings: one table, three languages. Writes Resources/Locales/*.json.
Edit here, run `python3 scripts/locales.py`, commit both. A test checks the JSON files agree."""
import json, os

T = {
 # layout
 "layout.skip": ("Esasy mazmuna geç", "Перейти к содержанию", "Skip to content"),
 "layout.subtitle": ("Sosial goragyň we çagalary goramagyň maglumat ulgamy", "Информационная система социальной защиты и защиты детей", "Social protection and child protection information system"),
 "layout.nav": ("Esasy menýu", "Главное меню", "Main menu"),
 "layout.logout": ("Çykmak", "Выйти", "Sign out"),
 "layout.language": ("Dil", "Язык", "Language"),
 "layout.footer": ("Goldaw · Türkmenistanyň sosial goragy we çagalary goramak ulgamy", "Goldaw · система социальной защиты и защиты детей Туркменистана", "Goldaw · Turkmenistan's social protection and child protection system"),
 "language.tk": ("Türkmençe", "Türkmençe", "Türkmençe"),
 "language.ru": ("Русский", "Русский", "Русский"),
 "language.en": ("English", "English", "English"),
 # navigation
 "nav.home": ("Baş sahypa", "Главная", "Home"),
 "nav.staff": ("Işgärler", "Сотрудники", "Staff"),
 "nav.territories": ("Territoriýalar", "Территории", "Territories"),
 "nav.users": ("Ulanyjylar", "Пользователи", "Users"),
 "nav.audit": ("Audit žurnaly", "Журнал аудита", "Audit log"),
 # common
 "action.cancel": ("Ýatyr", "Отмена", "Cancel"),
 "action.edit": ("Üýtget", "Изменить", "Edit"),
 "action.export_csv": ("CSV görnüşinde ýükle", "Скачать CSV", "Download CSV"),
 "action.save": ("Ýatda sakla", "Сохранить", "Save"),
 "action.search": ("Gözleg", "Поиск", "Search"),
 "action.show": ("Görkez", "Показать", "Show"),
 "common.all": ("Hemmesi", "Все", "All"),
 "common.next": ("Indiki", "Следующая", "Next"),
 "common.previous": ("Öňki", "Предыдущая", "Previous"),
 "common.none": ("Hiç zat ýok.", "Ничего нет.", "Nothing here."),
 "common.pages": ("Sahypalar", "Страницы", "Pages"),
 "status.active": ("Işjeň", "Активен", "Active"),
 "status.disabled": ("Öçürilen", "Отключён", "Disabled"),
 "status.locked": ("Petiklenen", "Заблокирован", "Locked"),
 "field.full_name": ("Doly ady", "ФИО", "Full name"),
 "field.username": ("Ulanyjy ady", "Имя пользователя", "Username"),
 "field.role": ("Wezipe (rol)", "Роль", "Role"),
 "field.scope": ("Iş meýdany", "Зона ответственности", "Scope"),
 "field.scope_kind": ("Iş meýdanynyň görnüşi", "Тип зоны ответственности", "Kind of scope"),
 "field.territory": ("Territoriýa", "Территория", "Territory"),
 "field.organisation": ("Gurama", "Организация", "Organisation"),
 "field.status": ("Ýagdaýy", "Статус", "Status"),
 "field.last_login": ("Soňky giriş", "Последний вход", "Last sign-in"),
 # roles and scopes
 "role.administrator": ("Administrator", "Администратор", "Administrator"),
 "role.national_analyst": ("Milli analitik", "Национальный аналитик", "National analyst"),
 "role.supervisor": ("Gözegçi (supervisor)", "Супервизор", "Supervisor"),
 "role.social_worker": ("Sosial işgär", "Социальный работник", "Social worker"),
 "role.benefits_officer": ("Kömek pullary boýunça hünärmen", "Специалист по пособиям", "Benefits officer"),
 "role.benefits_approver": ("Kömek pullaryny tassyklaýjy", "Утверждающий пособия", "Benefits approver"),
 "role.commission_member": ("Kämillik ýaşyna ýetmedikler baradaky toparyň agzasy", "Член комиссии по делам несовершеннолетних", "Commission member"),
 "role.justice_officer": ("Kämillik ýaşyna ýetmedikler boýunça inspektor", "Сотрудник ювенальной юстиции", "Justice officer"),
 "role.service_provider": ("Hyzmat üpjünçisi", "Поставщик услуг", "Service provider"),
 "scope.national": ("Milli derejede", "Национальный уровень", "National"),
 "scope.region": ("Welaýat", "Велаят", "Region (welaýat)"),
 "scope.district": ("Etrap", "Этрап", "District (etrap)"),
 "scope.organisation": ("Gurama", "Организация", "Organisation"),
 "level.region": ("Welaýat", "Велаят", "Region"),
 "level.district": ("Etrap", "Этрап", "District"),
 "level.city": ("Etrap hukukly şäher", "Город с правами этрапа", "City with district status"),
 "level.borough": ("Şäheriň etraby", "Район города", "Borough"),
 # login
 "login.title": ("Ulgama giriň", "Вход в систему", "Sign in"),
 "login.username": ("Ulanyjy ady", "Имя пользователя", "Username"),
 "login.password": ("Açar söz", "Пароль", "Password"),
 "login.submit": ("Giriş", "Войти", "Sign in"),
 "login.help": ("Açar sözüňizi ýatdan çykaran bolsaňyz, administratora ýüz tutuň.", "Если вы забыли пароль, обратитесь к администратору.", "If you have forgotten your password, ask your administrator."),
 "login.expired": ("Işjeňsiz geçen wagt sebäpli sessiýaňyz tamamlandy. Täzeden giriň.", "Сеанс завершён из-за бездействия. Войдите снова.", "Your session ended after a period of inactivity. Please sign in again."),
 "login.error.missing": ("Ulanyjy adyny we açar sözi giriziň.", "Введите имя пользователя и пароль.", "Enter your username and password."),
 "login.error.invalid": ("Ulanyjy ady ýa-da açar söz nädogry.", "Неверное имя пользователя или пароль.", "The username or password is wrong."),
 "login.error.locked": ("Köp nädogry synanyşyk sebäpli hasap 15 minutlyk petiklendi. Soňra gaýtadan synanyşyň.", "Учётная запись заблокирована на 15 минут после нескольких неудачных попыток. Попробуйте позже.", "After several wrong passwords the account is locked for 15 minutes. Try again later."),
 "login.error.one_time_expired": ("Wagtlaýyn açar sözüň möhleti geçdi. Administratordan täze açar söz soraň.", "Срок действия временного пароля истёк. Попросите администратора выдать новый.", "Your one-time password has expired. Ask your administrator for a new one."),
 "api.error.must_change_password": ("Ilki brauzerde wagtlaýyn açar sözi öz açar sözüňiz bilen çalşyň.", "Сначала замените временный пароль своим в браузере.", "First replace the one-time password with your own in the browser."),
 "login.error.disabled": ("Bu hasap öçürilen. Administratora ýüz tutuň.", "Эта учётная запись отключена. Обратитесь к администратору.", "This account is disabled. Ask your administrator."),
 # account and password
 "account.title": ("Meniň hasabym", "Моя учётная запись", "My account"),
 "account.must_change": ("Dowam etmek üçin täze açar söz saýlaň.", "Чтобы продолжить, задайте новый пароль.", "Choose a new password to continue."),
 "password.title": ("Açar sözi üýtgetmek", "Смена пароля", "Change password"),
 "password.current": ("Häzirki açar söz", "Текущий пароль", "Current password"),
 "password.new": ("Täze açar söz", "Новый пароль", "New password"),
 "password.confirm": ("Täze açar sözi gaýtalaň", "Повторите новый пароль", "Repeat the new password"),
 "password.hint": ("Iň azyndan 10 simwol. Uzyn söz düzümi ýatda saklamaga aňsat we ygtybarly.", "Не менее 10 символов. Длинную фразу легко запомнить, и она надёжна.", "At least 10 characters. A long phrase is easy to remember and hard to guess."),
 "password.too_short": ("Açar söz iň azyndan {min} simwoldan ybarat bolmaly.", "Пароль должен содержать не менее {min} символов.", "The password must have at least {min} characters."),
 "password.too_long": ("Açar söz gaty uzyn (128 simwoldan köp bolmaly däl).", "Пароль слишком длинный (не более 128 символов).", "The password is too long (at most 128 characters)."),
 "password.same_as_username": ("Açar söz ulanyjy adyna meňzeş bolmaly däl.", "Пароль не должен совпадать с именем пользователя.", "The password must not be the username."),
 "password.same_as_current": ("Täze açar söz häzirkisinden tapawutly bolmaly.", "Новый пароль должен отличаться от текущего.", "The new password must differ from the current one."),
 "password.current_wrong": ("Häzirki açar söz nädogry.", "Текущий пароль неверен.", "The current password is wrong."),
 "password.mismatch": ("Açar sözler gabat gelmeýär.", "Пароли не совпадают.", "The passwords do not match."),
 "password.changed": ("Açar söz üýtgedildi.", "Пароль изменён.", "Your password has been changed."),
 # home
 "home.title": ("Baş sahypa", "Главная", "Home"),
 "home.greeting": ("Hoş geldiňiz, {name}.", "Добро пожаловать, {name}.", "Welcome, {name}."),
 "home.card.territories": ("Iş meýdanyňyzdaky territoriýalar", "Территории в вашей зоне", "Territories in your scope"),
 "home.card.staff": ("Iş meýdanyňyzdaky işgärler", "Сотрудники в вашей зоне", "Staff in your scope"),
 "home.card.active_users": ("Işjeň hasaplar", "Активные учётные записи", "Active accounts"),
 "home.card.locked_users": ("Häzir petiklenen hasaplar", "Заблокированные сейчас", "Accounts locked now"),
 "home.card.failed_logins": ("Soňky 24 sagatda şowsuz girişler", "Неудачные входы за 24 часа", "Failed sign-ins, last 24 hours"),
 "home.card.audit_today": ("Soňky 24 sagatda audit ýazgylary", "Записи аудита за 24 часа", "Audit entries, last 24 hours"),
 "home.card.my_logins": ("Soňky 30 günde meniň girişlerim", "Мои входы за 30 дней", "My sign-ins, last 30 days"),
 # staff
 "staff.title": ("Işgärler", "Сотрудники", "Staff"),
 # territories
 "territories.title": ("Territoriýalar", "Территории", "Territories"),
 "territories.on_date": ("Sene boýunça", "На дату", "On date"),
 "territories.valid_on": ("Senede hereket edýän birlikler", "Единиц, действующих на дату", "Units in force on"),
 "territories.code": ("Kody", "Код", "Code"),
 "territories.iso": ("ISO 3166-2 kody", "Код ISO 3166-2", "ISO 3166-2 code"),
 "territories.level": ("Derejesi", "Уровень", "Level"),
 "territories.valid_from": ("Hereket edip başlan senesi", "Действует с", "In force from"),
 "territories.valid_to": ("Hereket edip gutaran senesi", "Действует по", "In force until"),
 "territories.history": ("Taryhy", "История", "History"),
 "territories.no_history": ("Bu birlik döredileli bäri üýtgedilmedi.", "Изменений не было.", "No recorded changes."),
 "territories.children": ("Düzümindäki birlikler", "Входящие единицы", "Units within"),
 "territories.closed": ("ýatyrylan", "упразднена", "closed"),
 "territories.not_current": ("Bu birlik häzir hereket etmeýär; taryhy ýazgy hökmünde saklanýar.", "Эта единица сейчас не действует и хранится как историческая запись.", "This unit is no longer in force; it is kept as a historical record."),
 "territories.kind.created": ("Täze birlik döredildi", "Создана новая единица", "New unit created"),
 "territories.kind.renamed": ("Ady üýtgedildi", "Переименование", "Renamed"),
 "territories.kind.merged": ("Başga birlige birleşdirildi", "Присоединение к другой единице", "Merged into another unit"),
 "territories.kind.abolished": ("Ýatyryldy", "Упразднение", "Abolished"),
 "territories.change.created.in": ("Döredildi", "Создана", "Created"),
 "territories.change.created.out": ("Döredildi", "Создана", "Created"),
 "territories.change.renamed.in": ("Öňki ady:", "Прежнее название:", "Renamed from"),
 "territories.change.renamed.out": ("Täze ady:", "Переименована в", "Renamed to"),
 "territories.change.merged.in": ("Birleşdirildi:", "Присоединена:", "Absorbed"),
 "territories.change.merged.out": ("Birleşdirildi:", "Присоединена к", "Merged into"),
 "territories.change.abolished.in": ("Ýatyryldy", "Упразднена", "Abolished"),
 "territories.change.abolished.out": ("Ýatyryldy", "Упразднена", "Abolished"),
 "territories.change.recreated.in": ("Gaýtadan döredildi, öňki:", "Воссоздана, прежняя:", "Re-created; earlier unit"),
 "territories.change.recreated.out": ("Gaýtadan döredildi:", "Воссоздана как", "Re-created as"),
 "territories.change.moved.in": ("Göçürildi, öňki ýazgy:", "Перенесена, прежняя запись:", "Moved; earlier entry"),
 "territories.change.moved.out": ("Göçürildi:", "Перенесена в", "Moved to"),
 "territories.change.title": ("Territorial üýtgeşme goşmak", "Добавить территориальное изменение", "Record a territorial change"),
 "territories.change.help": ("Mejlisiň kararyna laýyklykda üýtgeşmäni senesi bilen giriziň. Öňki ýazgylar üýtgedilmeýär: täze ýazgy açylýar, köne ýazgy şol senäniň öňki güni ýapylýar.", "Внесите изменение по постановлению Меджлиса с датой вступления в силу. Прежние записи не меняются: открывается новая запись, старая закрывается днём ранее.", "Enter the change from the Mejlis decision with its date. Earlier entries are never edited: a new entry opens and the old one closes the day before."),
 "territories.change.kind": ("Üýtgeşmäniň görnüşi", "Вид изменения", "Kind of change"),
 "territories.change.date": ("Güýje girýän senesi", "Дата вступления в силу", "Effective date"),
 "territories.change.subject_section": ("Üýtgeýän birlik (ady üýtgedilende, birleşdirilende, ýatyrylanda)", "Изменяемая единица (переименование, присоединение, упразднение)", "Unit that changes (rename, merge, abolition)"),
 "territories.change.subject": ("Birligiň kody", "Код единицы", "Unit code"),
 "territories.change.subject_hint": ("Mysal üçin M-MRY. Sanawdan saýlap bilersiňiz.", "Например, M-MRY. Можно выбрать из списка.", "For example M-MRY. You can pick from the list."),
 "territories.change.target": ("Birleşdirilýän birligiň kody (birleşdirilende)", "Код единицы, к которой присоединяют", "Code of the unit it merges into"),
 "territories.change.new_section": ("Täze birlik (döredilende ýa-da ady üýtgedilende)", "Новая единица (создание или переименование)", "New unit (creation or rename)"),
 "territories.change.parent": ("Ýokary birligiň kody (döredilende)", "Код вышестоящей единицы (при создании)", "Parent unit code (for a new unit)"),
 "territories.change.new_code": ("Täze kod", "Новый код", "New code"),
 "territories.change.code_hint": ("Latyn baş harplary, sanlar we defis, 2–16 simwol; öň ulanylmadyk bolmaly.", "Латинские заглавные буквы, цифры и дефис, 2–16 символов; код не должен повторяться.", "Capital Latin letters, digits and dashes, 2–16 characters; never used before."),
 "territories.change.name_tk": ("Ady türkmençe", "Название на туркменском", "Name in Turkmen"),
 "territories.change.name_ru": ("Ady rusça", "Название на русском", "Name in Russian"),
 "territories.change.name_en": ("Ady iňlisçe", "Название на английском", "Name in English"),
 "territories.change.source": ("Esas (kararyň belgisi we senesi)", "Основание (номер и дата решения)", "Basis (number and date of the decision)"),
 "territories.change.saved": ("Territorial üýtgeşme ýazyldy.", "Территориальное изменение записано.", "The territorial change has been recorded."),
 "territories.not_valid_on_date": ("Bu kodly birlik şol senede hereket etmeýär.", "Единица с таким кодом не действует на эту дату.", "No unit with this code is in force on that date."),
 "territories.code_invalid": ("Kod diňe latyn baş harplaryndan, sanlardan we defisden ybarat bolmaly (2–16 simwol).", "Код должен состоять из латинских заглавных букв, цифр и дефиса (2–16 символов).", "The code must be capital Latin letters, digits and dashes (2–16 characters)."),
 "territories.code_taken": ("Bu kod eýýäm ulanylýar.", "Этот код уже используется.", "This code is already used."),
 "territories.date_before_start": ("Sene birligiň hereket edip başlan senesinden soň bolmaly.", "Дата должна быть позже начала действия единицы.", "The date must be after the unit came into force."),
 "territories.merge_self": ("Birligi özüne birleşdirip bolmaýar.", "Нельзя присоединить единицу к самой себе.", "A unit cannot merge into itself."),
 "territories.has_dependants": ("Bu birlikde henizem işgärler ýa-da hereket edýän birlikler bar; ilki olary geçiriň ýa-da birleşdirmäni saýlaň.", "В этой единице ещё есть сотрудники или действующие единицы; сначала перенесите их или выберите присоединение.", "Staff or units in force still belong to this unit; move them first, or record a merge instead."),
 # users
 "users.title": ("Ulanyjylar", "Пользователи", "Users"),
 "users.new.title": ("Täze ulanyjy", "Новый пользователь", "New user"),
 "users.edit.title": ("Ulanyjyny üýtgetmek", "Изменение пользователя", "Edit user"),
 "users.username_hint": ("Kiçi latyn harplary, sanlar, nokat, defis we aşaky çyzyk; 3–64 simwol.", "Строчные латинские буквы, цифры, точка, дефис и подчёркивание; 3–64 символа.", "Lower-case Latin letters, digits, dot, dash and underscore; 3–64 characters."),
 "users.territory_hint": ("Welaýat ýa-da etrap derejesindäki iş meýdany üçin.", "Для зоны уровня велаята или этрапа.", "For a welaýat or etrap scope."),
 "users.one_time_password": ("Bir gezeklik açar söz (diňe häzir görkezilýär, ulanyjy ilkinji girişde ony üýtgetmeli):", "Одноразовый пароль (показывается только сейчас; пользователь сменит его при первом входе):", "One-time password (shown only now; the user must change it at first sign-in):"),
 "users.self_rights": ("Öz wezipäňizi we iş meýdanyňyzy üýtgedip bilmersiňiz.", "Вы не можете изменить собственную роль и зону ответственности.", "You cannot change your own role or scope."),
 "users.actions": ("Hasap bilen hereketler", "Действия с учётной записью", "Account actions"),
 "users.reset_password": ("Täze bir gezeklik açar söz ber", "Выдать новый одноразовый пароль", "Issue a new one-time password"),
 "users.reset_confirm": ("Açar söz täzeden berilsinmi? Ulanyjynyň ähli sessiýalary tamamlanar.", "Выдать новый пароль? Все сеансы пользователя будут завершены.", "Issue a new password? All of the user's sessions will end."),
 "users.status_confirm": ("Hasabyň ýagdaýy üýtgedilsinmi?", "Изменить статус учётной записи?", "Change the account's status?"),
 "users.disable": ("Hasaby öçür", "Отключить", "Disable account"),
 "users.enable": ("Hasaby işjeňleşdir", "Включить", "Enable account"),
 "users.saved": ("Ulanyjy ýatda saklandy.", "Пользователь сохранён.", "The user has been saved."),
 "users.disabled": ("Hasap öçürildi, onuň ähli sessiýalary tamamlandy.", "Учётная запись отключена, все её сеансы завершены.", "The account is disabled and its sessions have ended."),
 "users.enabled": ("Hasap işjeňleşdirildi.", "Учётная запись включена.", "The account is enabled."),
 "users.not_on_self": ("Bu hereketi öz hasabyňyzda edip bolmaýar.", "Это действие нельзя выполнить над своей учётной записью.", "You cannot do this to your own account."),
 "users.username_invalid": ("Ulanyjy ady talaplara laýyk däl.", "Имя пользователя не соответствует требованиям.", "The username does not meet the rules."),
 "users.username_taken": ("Bu ulanyjy ady eýýäm bar.", "Такое имя пользователя уже есть.", "This username is already taken."),
 "users.scope_not_for_role": ("Bu wezipe üçin beýle iş meýdany bolup bilmez.", "Для этой роли такая зона ответственности недопустима.", "This kind of scope is not allowed for this role."),
 "users.territory_unknown": ("Häzir hereket edýän territoriýany saýlaň.", "Выберите действующую территорию.", "Choose a territory in force."),
 "users.territory_not_region": ("Welaýat derejesindäki iş meýdany üçin welaýaty saýlaň.", "Для уровня велаята выберите велаят.", "For a welaýat scope, choose a welaýat."),
 "users.territory_not_district": ("Etrap derejesindäki iş meýdany üçin etraby, şäheri ýa-da şäheriň etrabyny saýlaň.", "Для уровня этрапа выберите этрап, город или район города.", "For an etrap scope, choose an etrap, a city or a borough."),
 "users.organisation_unknown": ("Guramany saýlaň.", "Выберите организацию.", "Choose an organisation."),
 # audit
 "audit.title": ("Audit žurnaly", "Журнал аудита", "Audit log"),
 "audit.when": ("Wagty", "Время", "When"),
 "audit.action": ("Hereket", "Действие", "Action"),
 "audit.record": ("Ýazgy", "Запись", "Record"),
 "audit.record_type": ("Ýazgynyň görnüşi", "Тип записи", "Record type"),
 "audit.record_id": ("Ýazgynyň belgisi", "Идентификатор записи", "Record id"),
 "audit.outcome": ("Netijesi", "Результат", "Outcome"),
 "audit.address": ("Salgy", "Адрес", "Address"),
 "audit.detail": ("Jikme-jiklik", "Подробности", "Detail"),
 "audit.from": ("Başlangyç senesi", "С даты", "From"),
 "audit.to": ("Soňky senesi", "По дату", "To"),
 "audit.total": ("Jemi ýazgy", "Всего записей", "Entries"),
 # errors
 "error.back_home": ("Baş sahypa gaýt", "На главную", "Back to the home page"),
 "error.403.title": ("Rugsat ýok", "Доступ запрещён", "Not allowed"),
 "error.403": ("Bu sahypa siziň wezipäňiz üçin elýeterli däl.", "Эта страница недоступна для вашей роли.", "Your role does not give access to this page."),
 "error.404.title": ("Tapylmady", "Не найдено", "Not found"),
 "error.404": ("Gözlenýän sahypa ýa-da ýazgy tapylmady.", "Страница или запись не найдена.", "The page or record you asked for does not exist."),
 "error.500.title": ("Ulgamda ýalňyşlyk", "Ошибка системы", "Something went wrong"),
 "error.500": ("Garaşylmadyk ýalňyşlyk ýüze çykdy. Hiç zat ýarym-ýarlaý ýazylmady; birazdan gaýtadan synanyşyň.", "Произошла непредвиденная ошибка. Ничего не сохранено частично; повторите попытку позже.", "An unexpected error occurred. Nothing was half-saved; please try again shortly."),
 "error.generic.title": ("Haýyş kabul edilmedi", "Запрос не принят", "Request not accepted"),
 "error.csrf": ("Forma möhleti geçdi ýa-da başga sahypadan iberildi. Sahypany täzeläp, gaýtadan synanyşyň.", "Срок действия формы истёк или она отправлена с другой страницы. Обновите страницу и повторите.", "The form has expired or did not come from this site. Reload the page and try again."),
 "error.unauthenticated": ("Ilki ulgama giriň.", "Сначала войдите в систему.", "Please sign in first."),
 "error.session_expired": ("Sessiýaňyz tamamlandy. Täzeden giriň.", "Сеанс завершён. Войдите снова.", "Your session has ended. Please sign in again."),
 "error.invalid": ("Käbir meýdanlar nädogry dolduryldy.", "Некоторые поля заполнены неверно.", "Some fields are not filled in correctly."),
 "error.malformed": ("Haýyş nädogry düzülen.", "Запрос составлен неверно.", "The request is malformed."),
 "error.too_large": ("Iberilen maglumat gaty uly.", "Отправленные данные слишком велики.", "The request body is too large."),
 "error.media_type": ("Bu maglumat görnüşi kabul edilmeýär; JSON iberiň.", "Этот тип данных не принимается; отправьте JSON.", "This media type is not accepted; send JSON."),
 "error.method": ("Bu salga üçin beýle usul ýok.", "Этот метод не поддерживается для адреса.", "This method is not allowed here."),
 "error.stale": ("Siz işläp otyrka bu ýazgyny başga biri üýtgetdi. Täze maglumatlar görkezildi; üýtgeşmeleriňizi gaýtadan giriziň.", "Пока вы работали, запись изменил другой пользователь. Показаны новые данные; внесите изменения снова.", "Someone else changed this record while you were working on it. The current data is shown; please make your change again."),
 # validation
 "validation.required": ("Bu meýdany dolduryň.", "Заполните это поле.", "This field is required."),
 "validation.choose": ("Sanawdan saýlaň.", "Выберите значение из списка.", "Choose one of the options."),
 "validation.date": ("Senäni GG.AA.ÝÝÝÝ görnüşinde giriziň.", "Введите дату в формате ДД.ММ.ГГГГ.", "Enter the date as DD.MM.YYYY."),
 "validation.range": ("Baha rugsat berlen aralykdan daşarda.", "Значение вне допустимого диапазона.", "The value is out of range."),
 "validation.type": ("Bahanyň görnüşi nädogry.", "Неверный тип значения.", "The value has the wrong type."),
 "validation.unknown_field": ("Näbelli meýdan.", "Неизвестное поле.", "Unknown field."),
}

def tables():
    """Every string: the platform's above, the registry's and the functioning questionnaires'."""
    import importlib.util, sys
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    merged = dict(T)
    from locales_registry import REGISTRY
    merged.update(REGISTRY)
    from locales_benefits import BENEFITS
    merged.update(BENEFITS)
    from locales_grievances import GRIEVANCES
    merged.update(GRIEVANCES)
    from locales_services import SERVICES
    merged.update(SERVICES)
    from locales_cases import CASES
    merged.update(CASES)
    from locales_indicators import INDICATORS
    merged.update(INDICATORS)
    if os.path.exists(os.path.join(here, "functioning_strings.py")):
        from functioning_strings import FUNCTIONING_STRINGS
        merged.update(FUNCTIONING_STRINGS)
    return merged

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources", "Locales")
    os.makedirs(root, exist_ok=True)
    for i, code in enumerate(["tk", "ru", "en"]):
        with open(os.path.join(root, f"{code}.json"), "w", encoding="utf-8") as f:
            json.dump({k: v[i] for k, v in sorted(tables().items())}, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")

if __name__ == "__main__":
    main()
