Print(patients.Count(eps: 0.1));
Print(patients["age"].Count(eps: 0.1), patients["sex"].Count(0.1), patients["smoker"].Count(0.1), patients["region"].Count(0.1));
