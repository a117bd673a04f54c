/// The script of an HTML transcript's in-page quiz.
///
/// Its grading is a port of `QuizGrader.judge` and `AnswerText` (Quiz/QuizGrader.swift), so
/// an answer typed into the page is read and judged exactly as `tutor quiz` judges it; change
/// the two together (the tests compare them on many answers where `node` is installed). Its
/// flow follows `QuizFlow`: `?` or `hint` shows the hint without counting, an answer that
/// cannot be read is asked again, a wrong answer gets one more try unless the question is
/// two-way, and then the answer is shown. Settling a question reveals what it held back
/// (`HeldRegion`: the output that answers it and what follows, up to the next step) once
/// all the region's questions are settled. The page works without it: see `HTMLExporter`.
///
/// Under node (no `document`) it only exports `judge` and `question`, for those tests.
enum HTMLQuizScript {
    static let source = #"""
    (function () {
      "use strict";
      var MAX_LENGTH = 100000, MAX_DEPTH = 64, DEFAULT_TOLERANCE = 0.01;

      // Character classes of Swift's Foundation, which QuizGrader uses: Unicode White_Space
      // (also .whitespacesAndNewlines), and .whitespaces (Zs and tab).
      var SPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
      var TRIM = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
      var TRIM_SPACES = /^[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;
      function trim(s) { return s.replace(TRIM, ""); }
      function trimSpaces(s) { return s.replace(TRIM_SPACES, ""); }

      // MARK: Reading answers (AnswerText)

      function unquoted(text) {
        var t = trimSpaces(text);
        var quotes = ["'", "\"", "`"];
        for (var i = 0; i < quotes.length; i++) {
          if (t.length >= 2 && t[0] === quotes[i] && t[t.length - 1] === quotes[i]) return t.slice(1, -1);
        }
        return t;
      }

      function bool(text) {
        switch (unquoted(trimSpaces(text)).toLowerCase()) {
          case "true": case "yes": return true;
          case "false": case "no": return false;
          default: return null;
        }
      }

      // What the learner typed, in quotes for a note; a long answer is cut to its start.
      function quoted(text) {
        var chars = typeof Intl === "object" && Intl.Segmenter
          ? Array.from(new Intl.Segmenter().segment(text), function (s) { return s.segment; })
          : Array.from(text);
        if (chars.length > 60) return "'" + chars.slice(0, 60).join("") + "…' (" + utf8Length(text) + " bytes)";
        return "'" + text + "'";
      }

      function utf8Length(text) { return new TextEncoder().encode(text).length; }

      var WRAPPERS = ["torch.tensor(", "tensor(", "torch.Size(", "Size("];
      var KEYWORDS = ["requires_grad", "grad_fn", "dtype", "device"];

      // Drops tensor(...), torch.Size(...) and the keyword arguments PyTorch prints in them.
      function strippingWrappers(text) {
        var s = trim(text);
        for (var i = 0; i < WRAPPERS.length; i++) {
          if (s.startsWith(WRAPPERS[i]) && s.endsWith(")")) {
            s = trimSpaces(s.slice(WRAPPERS[i].length, -1));
            for (var cut = trailingKeyword(s); cut >= 0; cut = trailingKeyword(s)) s = s.slice(0, cut);
            break;
          }
        }
        return trimSpaces(s);
      }

      function trailingKeyword(s) {
        var comma = s.lastIndexOf(",");
        if (comma < 0) return -1;
        var after = s.slice(comma + 1), equals = after.indexOf("=");
        if (equals < 0) return -1;
        return KEYWORDS.indexOf(trim(after.slice(0, equals))) >= 0 ? comma : -1;
      }

      // Numbers with their nesting, or {problem: "notNumbers" | "tooDeep"}.
      function read(text) {
        var s = strippingWrappers(text);
        if (s === "") return { problem: "notNumbers" };
        return readNested(Array.from(s.split("−").join("-")));
      }

      function numbers(text) {
        var r = read(text);
        return r.problem ? null : r;
      }

      function number(text) {
        if (bool(text) !== null) return null;
        var r = numbers(text);
        return r && r.shape.length === 0 ? r.values[0] : null;
      }

      function shape(text) {
        var s = trimSpaces(text).replace(/(?<=\p{Nd})[\t\n\f\r\p{Z}]*[x×][\t\n\f\r\p{Z}]*(?=\p{Nd})/gu, ", ");
        var stripped = strippingWrappers(s);
        if (stripped === "()" || stripped === "[]" || (stripped === "" && s !== "")) return [];
        var r = numbers(s);
        if (!r || r.shape.length > 1) return null;
        for (var i = 0; i < r.values.length; i++) {
          var v = r.values[i];
          if (!isFinite(v) || v < 0 || v !== Math.round(v) || v >= 1e15) return null;
        }
        return r.values.map(function (v) { return v + 0; });
      }

      // One pass with an explicit stack, as NestedReader reads.
      function readNested(c) {
        var values = [], stack = [frame(null)], i = 0;
        function frame(close) { return { close: close, count: 0, itemShape: null, trailingComma: false }; }
        function add(shape) {
          var top = stack[stack.length - 1];
          if (top.itemShape !== null && !sameShape(top.itemShape, shape)) return false;
          top.itemShape = shape;
          top.count += 1;
          top.trailingComma = false;
          return true;
        }
        function shapeOf(f) {
          if (f.close === ")" && f.count === 1 && !f.trailingComma) return f.itemShape || [];
          return [f.count].concat(f.itemShape || []);
        }
        var notNumbers = { problem: "notNumbers" };
        for (;;) {
          while (i < c.length && SPACE.test(c[i])) i++;
          if (i >= c.length) break;
          var ch = c[i];
          if (ch === "[" || ch === "(") {
            if (stack.length > MAX_DEPTH) return { problem: "tooDeep" };
            stack.push(frame(ch === "[" ? "]" : ")"));
            i++;
          } else if (ch === "]" || ch === ")") {
            if (stack.length <= 1 || stack[stack.length - 1].close !== ch) return notNumbers;
            if (!add(shapeOf(stack.pop()))) return notNumbers;
            i++;
          } else if (ch === ",") {
            var open = stack[stack.length - 1];
            if (open.count === 0 || open.trailingComma) return notNumbers;
            open.trailingComma = true;
            i++;
          } else {
            var start = i;
            while (i < c.length && !SPACE.test(c[i]) && "[](),".indexOf(c[i]) < 0) i++;
            var v = scalar(c.slice(start, i).join(""));
            if (v === null || !add([])) return notNumbers;
            values.push(v);
          }
        }
        if (stack.length !== 1) return notNumbers;
        var top = stack[0];
        if (top.count === 0) return notNumbers;
        if (top.count === 1 && !top.trailingComma) return { shape: top.itemShape || [], values: values };
        return { shape: [top.count].concat(top.itemShape || []), values: values };
      }

      // One number in Python's float syntax, inf, nan, or a bool as 1 or 0.
      function scalar(word) {
        if (word === "") return null;
        var w = word.toLowerCase();
        switch (w) {
          case "inf": case "+inf": case "infinity": return Infinity;
          case "-inf": case "-infinity": return -Infinity;
          case "nan": case "+nan": case "-nan": return NaN;
          case "true": return 1;
          case "false": return 0;
        }
        if (!/^[+-]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9]*)?)(?:e[+-]?[0-9]+)?$/.test(w)) return null;
        return Number(w.split("_").join(""));
      }

      function sameShape(a, b) {
        return a.length === b.length && a.every(function (d, i) { return d === b[i]; });
      }

      function describe(shape) {
        return shape.length === 1 ? "(" + shape[0] + ",)" : "(" + shape.join(", ") + ")";
      }

      // MARK: Judging (QuizGrader.judge)

      // A question from its aside's data attributes (HTMLExporter.answerData).
      function question(data) {
        function list(text) { return text ? text.split(" ").map(scalar) : []; }
        return {
          kind: data.kind,
          answer: data.kind === "integer" || data.kind === "number" ? scalar(data.answer) : data.answer,
          shape: list(data.shape),
          values: list(data.values),
          tolerance: data.tolerance === undefined ? null : scalar(data.tolerance),
          tries: Number(data.tries) || 1
        };
      }

      function within(difference, tolerance, right) {
        // Decimal input like 0.24 against 0.23 with tolerance 0.01 must not fail by one ulp.
        return difference <= tolerance + 1e-9 * Math.max(1, Math.abs(right));
      }

      function finite(d) { return isFinite(d) ? d : null; }
      function judged(correct, difference, note) { return { outcome: "judged", correct: correct, difference: difference, note: note || null }; }
      function unreadable(note) { return { outcome: "unreadable", note: note }; }

      // {outcome: "skipped" | "unreadable" | "judged", correct, difference, note}
      function judge(input, q) {
        var bytes = utf8Length(input);
        if (bytes > MAX_LENGTH) return unreadable("the answer is " + bytes + " bytes long; answers are read up to " + MAX_LENGTH);
        var text = trim(input);
        if (text === "") return { outcome: "skipped" };
        var tol = q.tolerance, given, d, r;
        switch (q.kind) {
          case "integer":
            given = number(text);
            if (given === null) return unreadable("could not read " + quoted(text) + " as a whole number");
            d = Math.abs(given - q.answer);
            // Integers are exact unless the author allows some slack explicitly.
            return judged(tol !== null ? within(d, tol, q.answer) : d === 0, finite(d));
          case "number":
            given = number(text);
            if (given === null) {
              r = read(text);
              if (!r.problem && r.values.length > 1) return unreadable("the answer is one number, not a list");
              if (r.problem === "tooDeep") return unreadable("could not read " + quoted(text) + " as a number: " + problem(r));
              return unreadable("could not read " + quoted(text) + " as a number");
            }
            if (isNaN(q.answer) || isNaN(given)) return judged(isNaN(q.answer) && isNaN(given), null);
            if (!isFinite(q.answer) || !isFinite(given)) return judged(q.answer === given, null);
            d = Math.abs(given - q.answer);
            return judged(within(d, tol === null ? DEFAULT_TOLERANCE : tol, q.answer), d);
          case "bool":
            given = bool(text);
            if (given === null) return unreadable("could not read " + quoted(text) + " as True or False");
            return judged(given === (q.answer === "True"), null);
          case "string":
            return judged(unquoted(text).toLowerCase() === trimSpaces(q.answer).toLowerCase(), null);
          case "shape":
            given = shape(text);
            if (given === null) return unreadable("could not read " + quoted(text) + " as a shape; write it like 6, 2 or torch.Size([6, 2])");
            return judged(sameShape(given, q.shape), null);
          case "tensor":
            return judgeTensor(text, q, tol === null ? DEFAULT_TOLERANCE : tol);
          default:
            var squeeze = function (s) { return Array.from(s).filter(function (c) { return !SPACE.test(c); }).join("").toLowerCase(); };
            return judged(squeeze(text) === squeeze(q.answer), null);
        }
      }

      function problem(r) {
        return r.problem === "tooDeep" ? "the brackets nest more than " + MAX_DEPTH + " deep" : "it is not numbers";
      }

      function judgeTensor(text, q, tol) {
        var r = read(text);
        if (r.problem === "tooDeep") return unreadable("could not read " + quoted(text) + " as numbers: " + problem(r));
        if (r.problem) return unreadable("could not read " + quoted(text) + " as numbers; write them like [0.15, 0.23] or [[1, 2], [3, 4]]");
        // A single number answers a one-element tensor.
        var count = q.shape.reduce(function (a, b) { return a * b; }, 1);
        var givenShape = r.shape.length === 0 && count === 1 ? q.shape : r.shape;
        if (!sameShape(givenShape, q.shape)) {
          return judged(false, null, "your answer has shape " + describe(r.shape) + ", the answer has shape " + describe(q.shape));
        }
        var largest = 0, allClose = true;
        for (var i = 0; i < Math.min(r.values.length, q.values.length); i++) {
          var g = r.values[i], v = q.values[i];
          if (isNaN(g) || isNaN(v)) {
            if (!(isNaN(g) && isNaN(v))) { allClose = false; largest = Infinity; }
            continue;
          }
          if (!isFinite(g) || !isFinite(v)) {
            if (g !== v) { allClose = false; largest = Infinity; }
            continue;
          }
          var d = Math.abs(g - v);
          largest = Math.max(largest, d);
          if (!within(d, tol, v)) allClose = false;
        }
        return judged(allClose, finite(largest));
      }

      // A difference as OutputChecker.short writes it: 0.0123, 2.0, 1.23e-05.
      function short(d) {
        if (d === Infinity) return "inf";
        if (d >= 1e-4 && d < 1e6) {
          var s = d.toFixed(4);
          while (s.endsWith("0") && !s.endsWith(".0")) s = s.slice(0, -1);
          return s;
        }
        return d.toExponential(2).replace(/e([+-])(\d)$/, "e$10$2");
      }

      function capitalized(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

      if (typeof module === "object" && module.exports) module.exports = { judge: judge, question: question, short: short };
      if (typeof document !== "object") return;

      // MARK: The page (QuizFlow's rules)

      var asides = Array.prototype.slice.call(document.querySelectorAll("aside.quiz[data-kind]"));
      var settled = {}, halfPoints = 0, answered = 0;
      var scoreLine = document.querySelector(".score");
      var total = document.querySelectorAll("aside.quiz").length;

      function element(tag, className, text) {
        var e = document.createElement(tag);
        if (className) e.className = className;
        if (text) e.textContent = text;
        return e;
      }

      asides.forEach(function (aside) {
        var q = question(aside.dataset);
        var attempt = 1, hintShown = false;
        var form = aside.querySelector(".attempt");
        var field = aside.querySelector("input[name=answer]");
        var verdict = aside.querySelector(".quiz-verdict");
        var hintLine = aside.querySelector(".hint-line");
        var hintText = aside.querySelector(".hint p");
        var hintButton = aside.querySelector(".hint-button");
        var answerBody = aside.querySelector(".answer-body");

        function say(parts) {
          verdict.textContent = "";
          parts.forEach(function (p) { verdict.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
        }

        function showHint() {
          hintShown = true;
          hintLine.hidden = false;
          hintLine.textContent = hintText ? "Hint: " + hintText.textContent : "This question has no hint.";
        }

        // The right answer as the terminal shows it, with a remark in parentheses: after a
        // space, or below when it spans lines.
        function theAnswer(remark) {
          var shown = answerBody.firstElementChild.cloneNode(true);
          var after = remark ? " (" + remark + ")" : "";
          return shown.tagName === "PRE" ? [" The answer is" + after + ":", shown] : [" The answer is ", shown, after + "."];
        }

        // How far off a numeric answer was, when that shows in four decimals.
        function offBy(result, correct) {
          var d = result && result.difference;
          if (d === null || d === undefined || !(d > 0) || (correct && d < 5e-5)) return "";
          var tol = q.tolerance === null ? DEFAULT_TOLERANCE : q.tolerance;
          return "yours is off by " + short(d) + (correct ? ", within " + short(tol) : "");
        }

        // The question is over: the verdict, the answer, the hint if it would help, and what
        // it held back.
        function settle(correct, result, gaveUp) {
          settled[aside.id] = true;
          answered += 1;
          if (correct) halfPoints += attempt >= 2 ? 1 : 2;
          if (field) field.readOnly = true;
          Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
            b.setAttribute("aria-disabled", "true");
            if (b.classList.contains("choice") && b.hasAttribute("data-right")) b.classList.add("right");
          });
          var head;
          if (gaveUp) head = element("span", "", "– Skipped.");
          else if (correct && attempt >= 2) head = element("span", "right", "✓ Right on the second try: half a point.");
          else if (correct) head = element("span", "right", "✓ Right.");
          else head = element("span", "wrong", "✗ Not quite.");
          var parts = [head].concat(theAnswer(gaveUp ? "" : offBy(result, correct)));
          if (!correct && result && result.note) parts.push(" " + capitalized(result.note) + ".");
          var revealed = reveal(aside.id);
          if (revealed) parts.push(" " + revealed);
          say(parts);
          if (!correct && !hintShown && hintText) showHint();
          if (scoreLine) scoreLine.textContent = "Score: " + (halfPoints % 2 ? (halfPoints / 2).toFixed(1) : halfPoints / 2) + " of " + total + " (" + answered + " answered)";
        }

        function wrongTry(result, chosen) {
          if (attempt < q.tries) {
            attempt += 1;
            if (chosen) { chosen.classList.add("wrong"); chosen.setAttribute("aria-disabled", "true"); }
            var why = result && result.note ? capitalized(result.note) + ". " : "";
            say([element("span", "wrong", "✗ Not quite."), " " + why + "One more try, for half a point."]);
            if (!hintShown && hintText) showHint();
            if (field) { field.select(); }
          } else {
            if (chosen) chosen.classList.add("wrong");
            settle(false, result, false);
          }
        }

        if (field) {
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            if (settled[aside.id]) return;
            var typed = field.value;
            if (["?", "hint"].indexOf(trim(typed).toLowerCase()) >= 0) { showHint(); field.value = ""; return; }
            var result = judge(typed, q);
            if (result.outcome === "skipped") { say(["Type an answer, or press Show answer."]); return; }
            if (result.outcome === "unreadable") { say([element("span", "wrong", "?"), " " + capitalized(result.note) + ". Try again."]); return; }
            if (result.correct) settle(true, result, false);
            else wrongTry(result, null);
          });
        }
        Array.prototype.forEach.call(form.querySelectorAll("button.choice"), function (button) {
          button.addEventListener("click", function () {
            if (settled[aside.id] || button.getAttribute("aria-disabled") === "true") return;
            if (button.hasAttribute("data-right")) settle(true, null, false);
            else wrongTry(null, button);
          });
        });
        if (hintButton) hintButton.addEventListener("click", function () { if (!settled[aside.id]) showHint(); });
        form.querySelector(".give-up").addEventListener("click", function () {
          if (!settled[aside.id]) settle(false, null, true);
        });
      });

      // Shows every held-back region whose questions are all settled, and says so for the
      // ones question `id` held back, or which questions they still wait for; the note that
      // stands in for a region says the same. A question inside a region can only be
      // answered once that region is shown, so the region after it waits for it alone.
      function reveal(id) {
        var said = [];
        Array.prototype.forEach.call(document.querySelectorAll("details.held:not(.revealed)"), function (held) {
          var questions = held.getAttribute("data-answers").split(" ");
          var waiting = questions.filter(function (q) { return !settled[q]; });
          var holds = held.getAttribute("data-holds");
          var note = held.previousElementSibling;
          if (note && !note.classList.contains("held-note")) note = null;
          if (waiting.length > 0) {
            if (questions.indexOf(id) >= 0) {
              var sentence = "Answer " + listed(waiting) + " to see " + holds + ".";
              if (note) note.textContent = sentence;
              said.push(sentence);
            }
            return;
          }
          held.classList.add("revealed");
          held.open = true;
          if (note) note.hidden = true;
          if (questions.indexOf(id) >= 0) said.push("Now shown below: " + holds + ".");
        });
        return said.join(" ");
      }

      // "question 2", "questions 1 and 2", "questions 1, 2 and 3", as ExportText.questions.
      function listed(ids) {
        var numbers = ids.map(function (q) { return q.replace("question-", ""); });
        if (numbers.length === 1) return "question " + numbers[0];
        return "questions " + numbers.slice(0, -1).join(", ") + " and " + numbers[numbers.length - 1];
      }
    })();
    """#
}
