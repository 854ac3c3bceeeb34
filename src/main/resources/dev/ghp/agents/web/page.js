// The lead's page: live updates. The server pushes an event on /events when the record changes (and
// every few seconds, so that ages move); the page fetches /team and swaps each part that changed.
// A part where the lead is typing an answer is left alone until the text is sent or cleared.
(function () {
  'use strict';
  var live = document.getElementById('live');

  function typing(part) {
    var fields = part.querySelectorAll('textarea');
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== '' || fields[i] === document.activeElement) {
        return true;
      }
    }
    return false;
  }

  function refresh() {
    fetch('/team' + window.location.search, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('status ' + r.status); }
      return r.text();
    }).then(function (html) {
      var fresh = document.createElement('main');
      fresh.innerHTML = html;
      var main = document.getElementById('team');
      fresh.querySelectorAll('section[data-part]').forEach(function (part) {
        var name = part.getAttribute('data-part');
        var old = main.querySelector('section[data-part="' + name + '"]');
        if (old === null) {
          main.appendChild(part);
        } else if (old.innerHTML !== part.innerHTML && !typing(old)) {
          old.replaceWith(part);
        }
      });
    }).catch(function () {
      live.textContent = 'Could not refresh; reload the page.';
      live.className = 'live';
    });
  }

  if (!window.EventSource) {
    return;
  }
  var events = new EventSource('/events');
  events.addEventListener('team', function () {
    live.textContent = 'Live: updates when the record changes';
    live.className = 'live on';
    refresh();
  });
  events.onerror = function () {
    live.textContent = 'Not connected: is ghp agent-status --serve still running?';
    live.className = 'live';
  };
})();
