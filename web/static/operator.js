// Operator space: queue (Enter starts coding), page viewer with word boxes, coding form
// (word click and box drawing fill the focused field, live sum check, keyboard shortcuts).
(function () {
  "use strict";

  // ----------------------------------------------------------------- queue
  var start = document.getElementById("start");
  if (start && !document.getElementById("coding")) {
    document.addEventListener("keydown", function (e) {
      var tag = (e.target.tagName || "").toLowerCase();
      if (e.key === "Enter" && ["input", "select", "textarea", "button", "a"].indexOf(tag) < 0) {
        e.preventDefault();
        start.click();
      }
    });
  }

  // ---------------------------------------------------------------- values
  // Amounts as integer cents from their printed forms (1 234,56 / 1.234,56 / 1,234.56 / 12.5 €).
  function parseAmount(text) {
    if (text === null || text === undefined) { return null; }
    var s = String(text).replace(/EUR|€/gi, "").replace(/[\s\u00a0\u202f]/g, "");
    if (!s) { return null; }
    var negative = /^[-\u2212]/.test(s) || /-$/.test(s);
    s = s.replace(/^[-\u2212+]/, "").replace(/-$/, "");
    var comma = s.lastIndexOf(","), dot = s.lastIndexOf(".");
    var sep = Math.max(comma, dot);
    var intPart = s, frac = "";
    if (sep >= 0) {
      var digitsAfter = s.length - sep - 1;
      var separators = (s.match(/[.,]/g) || []).length;
      var thousands = digitsAfter === 3 && separators === 1 && s.charAt(sep) === ".";
      if (digitsAfter > 0 && digitsAfter <= 3 && !thousands) {
        intPart = s.slice(0, sep);
        frac = s.slice(sep + 1);
      }
    }
    intPart = intPart.replace(/[.,'\u2019]/g, "");
    if (!/^\d+$/.test(intPart) || !/^\d*$/.test(frac)) { return null; }
    var cents = parseInt(intPart, 10) * 100 + Math.round(parseFloat("0." + (frac || "0")) * 100);
    return negative ? -cents : cents;
  }
  function parseRate(text) {
    if (!text) { return null; }
    var s = String(text).replace(/[%\s]/g, "").replace(",", ".");
    return /^\d+(\.\d+)?$/.test(s) ? parseFloat(s) : null;
  }
  function canonicalAmount(text) {
    var cents = parseAmount(text);
    if (cents === null) { return text; }
    var sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    return sign + Math.floor(cents / 100) + "," + ("0" + (cents % 100)).slice(-2);  // French: decimal comma
  }
  function canonicalDate(text) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{2}|\d{4})$/.exec(String(text).trim());
    if (!m) { return text; }
    var year = m[3].length === 2 ? "20" + m[3] : m[3];
    return ("0" + m[1]).slice(-2) + "/" + ("0" + m[2]).slice(-2) + "/" + year;  // French: dd/mm/yyyy
  }
  function euros(cents) {
    var sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    return sign + whole + "," + ("0" + (cents % 100)).slice(-2);
  }

  // ---------------------------------------------------------------- viewer
  var viewer = document.getElementById("viewer");
  var wrap = document.getElementById("page-wrap");
  var pageChanged = function () {};
  var viewerApi = { page: 1, goto: function () {} };
  if (viewer && wrap) {
    var docId = document.getElementById("coding").getAttribute("data-document");
    var pagesCount = parseInt(viewer.getAttribute("data-pages"), 10) || 1;
    var src = viewer.getAttribute("data-src");
    var img = document.getElementById("page-img");
    var stage = document.getElementById("page-stage");
    var scroller = document.getElementById("page-scroll");
    var wordsLayer = document.getElementById("words");
    var sourceBox = document.getElementById("source-box");
    var wordsData = JSON.parse(document.getElementById("words-data").textContent || "[]");
    var zoom = 1;
    var rotation = parseInt(sessionStorage.getItem("guichet-rotation-" + docId) || "0", 10) || 0;
    var loadedWidth = 0;

    var pageWords = function (n) {
      for (var i = 0; i < wordsData.length; i++) { if (wordsData[i].number === n) { return wordsData[i]; } }
      return { number: n, rotation: 0, ratio: null, words: [] };
    };
    var layout = function () {
      var base = Math.max(300, scroller.clientWidth - 24);
      var w = base * zoom;
      wrap.style.width = w + "px";
      var ratio = img.naturalWidth ? img.naturalWidth / img.naturalHeight : (pageWords(viewerApi.page).ratio || 1 / 1.414);
      var h = w / ratio;
      wrap.style.height = h + "px"; // known before the image arrives, so the word boxes sit still
      var turned = rotation % 180 !== 0;
      stage.style.width = (turned ? h : w) + "px";
      stage.style.height = (turned ? w : h) + "px";
      var transforms = { 0: "none", 90: "translate(" + h + "px,0) rotate(90deg)",
        180: "translate(" + w + "px," + h + "px) rotate(180deg)", 270: "translate(0," + w + "px) rotate(270deg)" };
      wrap.style.transform = transforms[rotation];
      document.getElementById("zoom-label").textContent = Math.round(zoom * 100) + " %";
      var wanted = Math.min(2400, Math.max(300, Math.ceil(w * (window.devicePixelRatio || 1) / 200) * 200));
      if (wanted > loadedWidth) { loadImage(wanted); }
    };
    var loadImage = function (width) {
      loadedWidth = width;
      var turned = pageWords(viewerApi.page).rotation ? "&ocr=1" : "";
      img.src = src + "?page=" + viewerApi.page + "&width=" + width + turned;
    };
    img.addEventListener("load", layout);
    var drawWords = function () {
      wordsLayer.textContent = "";
      pageWords(viewerApi.page).words.forEach(function (w) {
        var el = document.createElement("span");
        el.className = "word" + (w.c < 0.6 ? " low" : "");
        el.style.left = (w.b[0] * 100) + "%";
        el.style.top = (w.b[1] * 100) + "%";
        el.style.width = ((w.b[2] - w.b[0]) * 100) + "%";
        el.style.height = ((w.b[3] - w.b[1]) * 100) + "%";
        el.setAttribute("data-text", w.t);
        el.title = w.t + (w.c < 1 ? " (" + Math.round(w.c * 100) + " %)" : "");
        wordsLayer.appendChild(el);
      });
    };
    viewerApi.goto = function (n) {
      n = Math.min(pagesCount, Math.max(1, n));
      if (n === viewerApi.page && loadedWidth) { return; }
      viewerApi.page = n;
      document.getElementById("page-number").textContent = n;
      sourceBox.hidden = true;
      loadedWidth = 0;
      drawWords();
      layout();
      pageChanged();
    };
    var setZoom = function (z) { zoom = Math.min(4, Math.max(0.5, z)); layout(); };
    var rotate = function () {
      rotation = (rotation + 90) % 360;
      sessionStorage.setItem("guichet-rotation-" + docId, String(rotation));
      layout();
    };
    viewerApi.zoomIn = function () { setZoom(zoom * 1.25); };
    viewerApi.zoomOut = function () { setZoom(zoom / 1.25); };
    viewerApi.rotate = rotate;
    viewerApi.showBox = function (page, box) {
      if (page !== viewerApi.page) { viewerApi.goto(page); }
      sourceBox.style.left = (box[0] * 100) + "%";
      sourceBox.style.top = (box[1] * 100) + "%";
      sourceBox.style.width = ((box[2] - box[0]) * 100) + "%";
      sourceBox.style.height = ((box[3] - box[1]) * 100) + "%";
      sourceBox.hidden = false;
      var r = sourceBox.getBoundingClientRect(), s = scroller.getBoundingClientRect();
      if (r.top < s.top || r.bottom > s.bottom) { scroller.scrollTop += r.top - s.top - s.height / 3; }
    };
    viewerApi.hideBox = function () { sourceBox.hidden = true; };
    document.getElementById("page-prev").addEventListener("click", function () { viewerApi.goto(viewerApi.page - 1); });
    document.getElementById("page-next").addEventListener("click", function () { viewerApi.goto(viewerApi.page + 1); });
    document.getElementById("zoom-in").addEventListener("click", viewerApi.zoomIn);
    document.getElementById("zoom-out").addEventListener("click", viewerApi.zoomOut);
    document.getElementById("rotate").addEventListener("click", rotate);
    document.getElementById("show-words").addEventListener("change", function (e) {
      wordsLayer.classList.toggle("hidden", !e.target.checked);
    });
    window.addEventListener("resize", function () { layout(); });
    viewerApi.goto(1);
  }

  // ------------------------------------------------------------ coding form
  var form = document.getElementById("coding-form");
  if (!form) {
    document.addEventListener("keydown", function (e) {
      if (!e.altKey || !viewer) { return; }
      var key = (e.key || "").toLowerCase();
      if (key === "t") { e.preventDefault(); viewerApi.rotate(); }
      else if (key === "+" || key === "=") { e.preventDefault(); viewerApi.zoomIn(); }
      else if (key === "-") { e.preventDefault(); viewerApi.zoomOut(); }
    });
    return;
  }
  var active = null;
  var sumBox = document.getElementById("sum-check");
  var fieldOf = function (input) { return input.closest(".field"); };

  var activate = function (input) {
    if (!input || input.tagName !== "INPUT" || input.type === "hidden" || !form.contains(input)) { return; }
    if (active === input) { return; }
    if (active && fieldOf(active)) { fieldOf(active).classList.remove("active"); }
    active = input;
    if (fieldOf(active)) { fieldOf(active).classList.add("active"); }
    var box = active.getAttribute("data-box");
    if (box && viewer && wrap) {
      viewerApi.showBox(parseInt(active.getAttribute("data-page"), 10) || 1, box.split(",").map(parseFloat));
    } else if (viewer && wrap) {
      viewerApi.hideBox();
    }
  };
  form.addEventListener("focusin", function (e) { activate(e.target); });
  // The autofocused field may have taken the focus before this script ran (no focusin then).
  activate(document.activeElement);

  var fill = function (text, append) {
    if (!active) { return; }
    var kind = active.getAttribute("data-kind");
    var value = append && active.value ? active.value + " " + text : text;
    if (kind === "amount") { value = canonicalAmount(value); }
    else if (kind === "date") { value = canonicalDate(value); }
    else if (kind === "rate") { value = String(value).replace(/[%\s]/g, ""); }
    active.value = value;
    active.dispatchEvent(new Event("input", { bubbles: true }));
    active.focus();
  };

  // Word click and box drawing over the page.
  if (wrap) {
    var lasso = document.getElementById("lasso");
    var origin = null, dragging = false;
    wrap.addEventListener("mousedown", function (e) {
      e.preventDefault(); // keep the focus in the field being filled
      origin = { x: e.clientX, y: e.clientY, target: e.target, shift: e.shiftKey };
      dragging = false;
    });
    document.addEventListener("mousemove", function (e) {
      if (!origin) { return; }
      if (!dragging && Math.abs(e.clientX - origin.x) + Math.abs(e.clientY - origin.y) > 5) { dragging = true; }
      if (dragging) {
        lasso.hidden = false;
        lasso.style.left = Math.min(e.clientX, origin.x) + "px";
        lasso.style.top = Math.min(e.clientY, origin.y) + "px";
        lasso.style.width = Math.abs(e.clientX - origin.x) + "px";
        lasso.style.height = Math.abs(e.clientY - origin.y) + "px";
      }
    });
    document.addEventListener("mouseup", function (e) {
      if (!origin) { return; }
      var start = origin;
      origin = null;
      if (!dragging) {
        if (start.target.classList && start.target.classList.contains("word")) {
          start.target.classList.add("picked");
          fill(start.target.getAttribute("data-text"), start.shift);
        }
        return;
      }
      dragging = false;
      lasso.hidden = true;
      var x0 = Math.min(e.clientX, start.x), x1 = Math.max(e.clientX, start.x);
      var y0 = Math.min(e.clientY, start.y), y1 = Math.max(e.clientY, start.y);
      var picked = [];
      wrap.querySelectorAll(".word").forEach(function (el) {
        var r = el.getBoundingClientRect();
        var cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
        if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) {
          picked.push({ el: el, top: parseFloat(el.style.top), left: parseFloat(el.style.left),
            h: parseFloat(el.style.height) });
        }
      });
      if (!picked.length) { return; }
      // Reading order of the page (not of the screen, which may be turned): lines, then left to right.
      picked.sort(function (a, b) {
        return Math.abs(a.top - b.top) < Math.min(a.h, b.h) / 2 ? a.left - b.left : a.top - b.top;
      });
      picked.forEach(function (p) { p.el.classList.add("picked"); });
      fill(picked.map(function (p) { return p.el.getAttribute("data-text"); }).join(" "), start.shift);
    });
  }

  // Live sum check: HT + TVA = TTC, and per VAT rate base × rate = tax, rows adding up to the totals.
  var value = function (name) {
    var input = form.querySelector("[name='" + name + "']");
    return input ? parseAmount(input.value) : null;
  };
  var checkSums = function () {
    var ht = value("total_without_tax"), tva = value("total_tax"), ttc = value("total_with_tax");
    var ok = [], bad = [];
    if (ht !== null && tva !== null && ttc !== null) {
      if (Math.abs(ht + tva - ttc) <= 1) { ok.push("HT + TVA = TTC ✓"); }
      else { bad.push("HT " + euros(ht) + " + TVA " + euros(tva) + " = " + euros(ht + tva) + " ≠ TTC " + euros(ttc)); }
    }
    var sumBase = 0, sumTax = 0, rows = 0;
    form.querySelectorAll("#vat-table tbody tr").forEach(function (tr) {
      var rate = parseRate(tr.querySelector("[name=vat_rate]").value);
      var base = parseAmount(tr.querySelector("[name=vat_base]").value);
      var tax = parseAmount(tr.querySelector("[name=vat_amount]").value);
      tr.classList.remove("has-error");
      if (base === null || tax === null) { return; }
      rows += 1; sumBase += base; sumTax += tax;
      if (rate !== null) {
        var expected = Math.round(base * rate / 100);
        if (Math.abs(expected - tax) > 1) {
          bad.push("TVA à " + String(rate).replace(".", ",") + " % : " + euros(base) + " × " + String(rate).replace(".", ",") +
            " % = " + euros(expected) + " ≠ " + euros(tax));
          tr.classList.add("has-error");
        }
      }
    });
    if (rows) {
      if (tva !== null && Math.abs(sumTax - tva) > rows) { bad.push("somme des TVA par taux " + euros(sumTax) + " ≠ total TVA " + euros(tva)); }
      else if (tva !== null) { ok.push("TVA par taux ✓"); }
      if (ht !== null && Math.abs(sumBase - ht) > 1) { bad.push("somme des bases " + euros(sumBase) + " ≠ total HT " + euros(ht)); }
    }
    var sumLines = 0, lines = 0, unreadable = false;
    form.querySelectorAll("#lines-table tbody tr").forEach(function (tr) {
      var amount = tr.querySelector("[name=line_amount]").value.trim();
      var filled = Array.prototype.some.call(tr.querySelectorAll("input"), function (i) { return i.value.trim(); });
      if (!filled) { return; }
      var cents = parseAmount(amount);
      if (cents === null) { unreadable = true; return; }
      lines += 1; sumLines += cents;
    });
    // Lines that do not add up do not stop the validation: one summary line per rate replaces them.
    var note = [];
    if (lines && ht !== null) {
      if (unreadable || sumLines !== ht) {
        note.push("Lignes : somme " + euros(sumLines) + " ≠ total HT " + euros(ht) + " ; corrigez-les, sinon une " +
          "ligne par taux les remplacera à la validation (Alt+U pour le faire maintenant)");
      } else { ok.push("Lignes ✓"); }
    }
    sumBox.className = "sum-check " + (bad.length ? "bad" : ok.length ? "ok" : "");
    sumBox.textContent = "";
    (bad.length ? bad : ok.length ? ok : ["Saisissez HT, TVA et TTC pour vérifier les sommes."]).concat(note).forEach(function (t) {
      var line = document.createElement("div");
      line.textContent = t;
      sumBox.appendChild(line);
    });
  };
  form.addEventListener("input", function (e) {
    var field = fieldOf(e.target);
    if (field) { field.classList.remove("low", "missing", "has-error"); field.classList.add("edited"); }
    checkSums();
  });
  checkSums();

  // VAT rows.
  var vatBody = form.querySelector("#vat-table tbody");
  var addVatRow = function () {
    var row = vatBody.querySelector("tr").cloneNode(true);
    row.classList.remove("has-error");
    row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    vatBody.appendChild(row);
    row.querySelector("input").focus();
  };
  document.getElementById("vat-add").addEventListener("click", addVatRow);
  vatBody.addEventListener("click", function (e) {
    if (!e.target.classList.contains("vat-remove")) { return; }
    var row = e.target.closest("tr");
    if (vatBody.querySelectorAll("tr").length > 1) { row.remove(); }
    else { row.querySelectorAll("input").forEach(function (i) { i.value = ""; }); }
    checkSums();
  });

  // VAT categories: a category that needs an exemption reason gets its usual one proposed.
  var defaultReasons = JSON.parse(form.querySelector("#vat-table").getAttribute("data-default-reasons") || "{}");
  // A 0 % rate typed without a category gets the one the invoice's wording and countries suggest.
  var vatTable = form.querySelector("#vat-table");
  vatBody.addEventListener("change", function (e) {
    if (e.target.name !== "vat_rate" || parseRate(e.target.value) !== 0) { return; }
    var tr = e.target.closest("tr");
    var category = tr.querySelector(".vat-category"), reason = tr.querySelector(".vat-exemption");
    if (category.value) { return; }
    category.value = vatTable.getAttribute("data-zero-category") || "";
    if (!reason.value) { reason.value = vatTable.getAttribute("data-zero-reason") || ""; }
  });
  vatBody.addEventListener("change", function (e) {
    if (!e.target.classList.contains("vat-category")) { return; }
    var reason = e.target.closest("tr").querySelector(".vat-exemption");
    var wanted = defaultReasons[e.target.value];
    if (wanted && !reason.value) { reason.value = wanted; }
    if (!wanted && ["E"].indexOf(e.target.value) < 0) { reason.value = ""; }
  });

  // Invoice lines: add, remove, one summary line per VAT rate; arrows move within a table's column.
  var linesBody = form.querySelector("#lines-table tbody");
  var summaryInput = document.getElementById("summary");
  var blankRow = function (body) {
    var row = body.querySelector("tr").cloneNode(true);
    row.classList.remove("has-error");
    row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    row.querySelectorAll("select").forEach(function (i) { i.selectedIndex = 0; });
    return row;
  };
  var addLine = function () {
    var row = blankRow(linesBody);
    linesBody.appendChild(row);
    row.querySelector("input").focus();
    return row;
  };
  var removeLine = function (row) {
    if (!row) { return; }
    var next = row.nextElementSibling || row.previousElementSibling;
    var column = Array.prototype.indexOf.call(row.querySelectorAll("input"), document.activeElement);
    if (linesBody.querySelectorAll("tr").length > 1) { row.remove(); }
    else { row.querySelectorAll("input").forEach(function (i) { i.value = ""; }); next = row; }
    if (next) { (next.querySelectorAll("input")[Math.max(0, column)] || next.querySelector("input")).focus(); }
    summaryInput.value = "";
    checkSums();
  };
  var summaryLines = function () {
    var made = [];
    vatBody.querySelectorAll("tr").forEach(function (tr) {
      var rate = tr.querySelector("[name=vat_rate]").value.trim();
      var base = tr.querySelector("[name=vat_base]").value.trim();
      if (parseAmount(base) === null) { return; }
      made.push({ rate: rate, base: euros(parseAmount(base)).replace(/\u202f/g, "") });
    });
    if (!made.length) { return; }
    var template = blankRow(linesBody);
    linesBody.textContent = "";
    made.forEach(function (m) {
      var row = template.cloneNode(true);
      row.querySelector("[name=line_description]").value = "Total des prestations et marchandises à " +
        (m.rate || "0").replace(".", ",") + " % de TVA";
      row.querySelector("[name=line_quantity]").value = "1";
      row.querySelector("[name=line_price]").value = m.base;
      row.querySelector("[name=line_amount]").value = m.base;
      row.querySelector("[name=line_rate]").value = m.rate;
      linesBody.appendChild(row);
    });
    summaryInput.value = "1";
    linesBody.querySelector("input").focus();
    checkSums();
  };
  document.getElementById("line-add").addEventListener("click", addLine);
  document.getElementById("line-summary").addEventListener("click", summaryLines);
  linesBody.addEventListener("click", function (e) {
    if (e.target.classList.contains("line-remove")) { removeLine(e.target.closest("tr")); }
  });
  linesBody.addEventListener("input", function () { summaryInput.value = ""; });
  form.addEventListener("keydown", function (e) {
    if ((e.key !== "ArrowUp" && e.key !== "ArrowDown") || e.altKey || e.ctrlKey || e.target.tagName !== "INPUT") { return; }
    var tr = e.target.closest("#lines-table tbody tr, #vat-table tbody tr");
    if (!tr) { return; }
    var column = Array.prototype.indexOf.call(tr.querySelectorAll("input"), e.target);
    var other = e.key === "ArrowUp" ? tr.previousElementSibling : tr.nextElementSibling;
    if (!other && e.key === "ArrowDown" && tr.closest("#lines-table")) { other = addLine(); }
    if (!other) { return; }
    e.preventDefault();
    other.querySelectorAll("input")[column].focus();
  });

  // Decisions.
  var openDialog = function (id, inputId) {
    var dialog = document.getElementById(id);
    if (!dialog || dialog.open) { return; }
    dialog.showModal();
    document.getElementById(inputId).focus();
  };
  document.querySelectorAll("dialog .dialog-close").forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(); });
  });
  var skip = function () { document.getElementById("skip-form").submit(); };
  document.getElementById("reject-open").addEventListener("click", function () { openDialog("reject-dialog", "reject-reason"); });
  var splitButton = document.getElementById("split-open");
  splitButton.addEventListener("click", function () { openDialog("split-dialog", "split-groups"); });
  document.getElementById("skip-button").addEventListener("click", skip);
  form.addEventListener("submit", function () {
    document.getElementById("validate").disabled = true;
  });

  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    var key = (e.key || "").toLowerCase();
    var code = e.code || "";
    var is = function (letter) { return key === letter || code === "Key" + letter.toUpperCase(); };
    var handled = true;
    if (is("r")) { openDialog("reject-dialog", "reject-reason"); }
    else if (is("s")) { if (!splitButton.disabled) { openDialog("split-dialog", "split-groups"); } }
    else if (is("t")) { viewerApi.rotate && viewerApi.rotate(); }
    else if (is("p")) { skip(); }
    else if (is("l")) { document.getElementById("release-form").submit(); }
    else if (is("a")) { addVatRow(); }
    else if (is("n")) { addLine(); }
    else if (is("x") || key === "delete") { removeLine(document.activeElement.closest("#lines-table tbody tr")); }
    else if (is("u")) { summaryLines(); }
    else if (key === "+" || key === "=" || code === "NumpadAdd" || code === "Equal") { viewerApi.zoomIn && viewerApi.zoomIn(); }
    else if (key === "-" || code === "NumpadSubtract" || code === "Minus") { viewerApi.zoomOut && viewerApi.zoomOut(); }
    else if (key === "pagedown") { viewerApi.goto(viewerApi.page + 1); }
    else if (key === "pageup") { viewerApi.goto(viewerApi.page - 1); }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  });
})();
