// Optional: click a column header of a table.sortable to sort it. Numeric cells sort by their
// exact data-value; cells without one (undefined) always go last; too-small rows stay at the end.
(function () {
  "use strict";
  // Marks that scripts run, so styles can show sort affordances only when they work.
  document.documentElement.classList.add("js");
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) { return null; }
    var value = cell.getAttribute("data-value");
    if (value !== null) {
      var number = parseFloat(value);
      return isNaN(number) ? value.toLowerCase() : number;
    }
    return cell.classList.contains("num") ? null : cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    if (a === b) { return 0; }
    if (a === null) { return 1; }
    if (b === null) { return -1; }
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }
  function sort(table, header, index) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var pinned = rows.filter(function (r) { return r.classList.contains("too-small"); });
    var sortable = rows.filter(function (r) { return !r.classList.contains("too-small"); });
    sortable = sortable.map(function (row, position) { return { row: row, key: key(row, index), position: position }; });
    sortable.sort(function (a, b) {
      var order = (a.key === null || b.key === null) ? compare(a.key, b.key) : compare(a.key, b.key) * (ascending ? 1 : -1);
      return order || a.position - b.position;
    });
    sortable.forEach(function (item) { body.appendChild(item.row); });
    pinned.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () { sort(table, header, index); });
    });
  });
})();
