Print(patients["age"].Cov(patients["systolic_bp"], eps: 0.2), patients["age"].Corr(patients["systolic_bp"], eps: 0.2));
Print(patients.Cov("bmi", "cholesterol", 0.2), patients.Corr("bmi", "cholesterol", 0.2));
var older = patients[patients["age"] > 60];
Print(older["bmi"].Corr(patients["cholesterol"], 0.2));
