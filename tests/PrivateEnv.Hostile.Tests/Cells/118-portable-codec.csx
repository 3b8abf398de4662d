// Hostile cell 118: the wire codec (PrivateEnv.Portable) is loaded in the worker, since op-libs use it for CSV and
// safetensors, and its CSV reader reads the private datasets. A cell must not name it: not to read records with its
// reader, not to build or decode wire values (ModelExport.ToPortable() returns a PortableModel, so the verifier refuses
// that call as well: it checks every called member's return type).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: PortableTable
foreach (var record in PrivateEnv.Portable.PortableTable.ReadRecords(new System.IO.StringReader("secret\n1\n"))) Print(record.Count);
//@ next-cell
//@ expect: refused
//@ names: PortableValues
Print(PrivateEnv.Portable.PortableValues.KindOf(1.0));
//@ next-cell
//@ expect: refused
//@ names: PortableModel
Print(PrivateEnv.Portable.PortableModel.Decode(new byte[8]).ToString());
