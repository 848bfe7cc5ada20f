// Classic (non-module) script, loaded at the start of <body>.
// Replaces GOV.UK Frontend's inline <body> snippet, because our Content Security
// Policy forbids inline scripts. `govuk-frontend-supported` tells GOV.UK Frontend's
// CSS and JavaScript that this browser runs ES modules (and so runs init.js).
;(function () {
  var body = document.body
  body.className += ' js-enabled'
  if ('noModule' in HTMLScriptElement.prototype) {
    body.className += ' govuk-frontend-supported'
  }
})()
