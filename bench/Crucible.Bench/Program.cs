Console.WriteLine("bench: scenarios arrive with the benchmark work");
