// Hostile cell 044: Task.Run schedules work beyond the cell.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Task
System.Threading.Tasks.Task.Run(() => Print("later"));
