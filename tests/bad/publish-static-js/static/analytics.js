document.write('<img src=//evil/>')
