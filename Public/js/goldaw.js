/*
 * Goldaw — progressive enhancement only. Every page works without this file.
 * Loaded as the only script (CSP forbids inline scripts). No dependencies.
 */
(function () {
  'use strict';

  // (a) Confirmation for forms marked with data-confirm="Question?"
  document.addEventListener('submit', function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) {
      return;
    }
    const message = form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // (b) Auto-submit the enclosing form when a select[data-autosubmit] changes
  document.addEventListener('change', function (event) {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.hasAttribute('data-autosubmit')) {
      return;
    }
    const form = select.form;
    if (!form) {
      return;
    }
    if (typeof form.requestSubmit === 'function') {
      form.requestSubmit(); // fires submit event, so data-confirm still applies
    } else {
      form.submit();
    }
  });

  // (c) Dismiss buttons inside .notice flash messages
  document.addEventListener('click', function (event) {
    const target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    const button = target.closest('[data-dismiss]');
    if (!button) {
      return;
    }
    const notice = button.closest('.notice');
    if (notice) {
      event.preventDefault();
      notice.hidden = true;
    }
  });
}());
