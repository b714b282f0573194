/*
 * worklist.js: "select all" as a checkbox in the work list's table head, and
 * the count of chosen signals kept up to date while boxes are ticked. Without
 * it the list offers a link that shows the same list with every row chosen,
 * and the count is the server's.
 *
 * It takes <form class="wr-bulk"> with a hidden <input id="kies-alles">, the
 * row boxes name="id", and <span class="wr-chosen-count" data-text-one="..."
 * data-text-many="... {n} ..."> in the bulk bar.
 */
(function () {
  'use strict';
  var form = document.querySelector('form.wr-bulk');
  if (!form) {
    return;
  }
  var all = form.querySelector('#kies-alles');
  var count = form.querySelector('.wr-chosen-count');
  var link = document.querySelector('.wr-select-all-link');
  var boxes = form.querySelectorAll('input[type="checkbox"][name="id"]');

  function update() {
    var n = 0;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) {
        n++;
      }
    }
    if (count) {
      var t = count.getAttribute(n === 1 ? 'data-text-one' : 'data-text-many') || '{n}';
      count.textContent = t.replace('{n}', String(n));
    }
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
  }

  if (all) {
    all.hidden = false;
    all.addEventListener('change', function () {
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = all.checked;
      }
      update();
    });
  }
  if (link) {
    link.hidden = true;
  }
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener('change', update);
  }
  update();
}());
